"""A tiny law corpus built in the tests (never from shared data) and the units behind it."""

import json

from fazhi.directory.models import Unit, UnitKind

LAWS = [
    {
        "path": "行政法/行政复议法(2023-09-01).md",
        "title": "中华人民共和国行政复议法",
        "level": "法律",
        "publish": "2023-09-01",
        "valid_from": "2024-01-01",
        "expired": False,
        "text": "# 中华人民共和国行政复议法\n\n2023年9月1日 第十四届全国人民代表大会常务委员会"
        "第五次会议修订\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了防止和纠正违法的或者"
        "不当的行政行为，保护公民的合法权益，制定本法。\n\n## 第三章 行政复议受理\n\n"
        "第三十条 行政复议机关收到行政复议申请后，应当在五日内进行审查。\n\n"
        "对符合规定的，行政复议机关应当予以受理。\n\n第三十一条 申请材料不齐全的，"
        "行政复议机关应当一次性书面通知申请人补正。",
    },
    {
        "path": "行政法/行政复议法(1999-04-29).md",
        "title": "中华人民共和国行政复议法",
        "level": "法律",
        "publish": "1999-04-29",
        "valid_from": "1999-10-01",
        "expired": True,
        "text": "# 中华人民共和国行政复议法\n\n<!-- INFO END -->\n\n第一条 为了防止和纠正违法的"
        "或者不当的具体行政行为，制定本法。\n\n第十七条 行政复议机关收到行政复议申请后，"
        "应当在五日内进行审查，决定是否受理。",
    },
    {
        "path": "行政法规/国有土地上房屋征收与补偿条例(2011-01-21).md",
        "title": "国有土地上房屋征收与补偿条例",
        "level": "行政法规",
        "publish": "2011-01-21",
        "valid_from": "2011-01-21",
        "expired": False,
        "text": "# 国有土地上房屋征收与补偿条例\n\n<!-- INFO END -->\n\n第一条 为了规范国有土地上"
        "房屋征收与补偿活动，制定本条例。\n\n第二十六条 被征收人对补偿决定不服的，可以依法申请"
        "行政复议，也可以依法提起行政诉讼。\n\n第三十五条 本条例施行前已依法取得房屋拆迁许可证"
        "的项目，继续沿用原有的规定办理。依照《中华人民共和国行政复议法》第三十条处理。",
    },
    {
        "path": "DLC/广东地方法规/广东省城市房屋拆除管理规定(2020-06-01).md",
        "title": "广东省城市房屋拆除管理规定",
        "level": "地方性法规",
        "publish": "2020-06-01",
        "valid_from": "2020-07-01",
        "expired": False,
        "text": "# 广东省城市房屋拆除管理规定\n\n2020年6月1日 广东省第十三届人民代表大会常务委员会"
        "第二十次会议通过\n\n<!-- INFO END -->\n\n第一条 房屋拆除、迁移应当依法进行，"
        "不得以<暴力>方式实施。",
    },
]


def write_corpus(path, laws=LAWS):
    path.write_text(
        "\n".join(json.dumps(law, ensure_ascii=False) for law in laws) + "\n",
        encoding="utf-8",
    )
    return path


def make_units():
    district = Unit.objects.create(
        credit_code="11440111007502337T",
        name="广州市白云区人民政府",
        kind=UnitKind.DISTRICT,
    )
    bureau = Unit.objects.create(
        credit_code="11440111MB2C92516Y",
        name="广州市白云区司法局",
        kind=UnitKind.DEPARTMENT,
        parent=district,
    )
    return district, bureau
