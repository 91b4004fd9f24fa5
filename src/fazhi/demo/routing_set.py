"""Write the demo district's routing training set (demo/data/routing_train.csv).

The messages are invented for 广州市白云区 from templates and slot values, with a fixed
seed, so the file is reproducible: `python -m fazhi.demo.routing_set`. Nothing in
it comes from the public data used to evaluate the router.

Categories: the seven 一级标签 of citizen messages (the same label set as the public
data), plus seven 企业呼 categories prefixed 企业 (用水、用电、用地、用工、资金、审批、其他).
All of them sit in the one 一级标签 column: one model, one flat label set, and the dispatch
catalogue maps each label to a unit.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from fazhi.desk.routing import write_training_csv

SEED = 20240601
PER_CATEGORY = 36
OUTPUT = Path(__file__).resolve().parent / "data" / "routing_train.csv"

SLOTS = {
    "town": [
        "太和镇",
        "人和镇",
        "钟落潭镇",
        "江高镇",
        "京溪街",
        "同和街",
        "白云湖街",
        "石井街",
        "嘉禾街",
        "永平街",
        "三元里街",
        "松洲街",
        "景泰街",
        "金沙街",
        "均禾街",
        "龙归街",
        "大源街",
        "新市街",
        "棠景街",
        "黄石街",
        "鹤龙街",
        "石门街",
        "云城街",
        "同德街",
    ],
    "village": [
        "穗丰村",
        "和龙村",
        "谢家庄村",
        "黄榜岭村",
        "鹤亭村",
        "方石村",
        "大源村",
        "龙归村",
        "夏良村",
        "鸦岗村",
    ],
    "road": [
        "广州大道北",
        "白云大道北",
        "机场路",
        "石沙路",
        "增槎路",
        "同泰路",
        "京溪路",
        "云城东路",
        "北太路",
        "106国道",
        "江人一路",
        "鹤龙一路",
        "太和大道",
        "石井大道",
    ],
    "estate": [
        "云景花园",
        "同和花园",
        "京溪名苑",
        "嘉禾新城",
        "石井阳光苑",
        "太和锦绣园",
        "人和丽景苑",
        "白云湖畔家园",
        "金沙洲新社区",
        "永平翠苑",
        "松洲雅居",
        "龙归新村",
    ],
    "company": [
        "广州云顺皮具有限公司",
        "广州穗丰食品有限公司",
        "广州白云湖智能科技有限公司",
        "广州江高物流有限公司",
        "广州人和五金制品有限公司",
        "广州嘉禾服装有限公司",
        "广州石井化妆品有限公司",
        "广州太和包装材料有限公司",
        "广州钟落潭农业发展有限公司",
        "广州均禾电子有限公司",
    ],
    "shop": [
        "一家健身房",
        "一家美容院",
        "一家培训机构",
        "一家家具城",
        "一家手机店",
        "一家超市",
    ],
    "school": [
        "区第一实验小学",
        "镇中心小学",
        "街道公办幼儿园",
        "区第三中学",
        "附近民办小学",
    ],
    "hospital": [
        "区人民医院",
        "镇卫生院",
        "街道社区卫生服务中心",
        "区中医医院",
        "区妇幼保健院",
    ],
    "since": [
        "近一个月",
        "最近一周",
        "这半年来",
        "从上个月开始",
        "今年以来",
        "已经两个多月",
    ],
    "money": ["三万多元", "八千元", "十二万元", "五千多元", "二十多万元"],
    "months": ["两个月", "三个月", "半年", "四个月"],
}

OPENERS = ["", "", "您好，", "领导您好！", "尊敬的领导：", "你好，"]
CLOSERS = [
    "",
    "请有关部门尽快处理。",
    "希望尽快解决，谢谢！",
    "恳请相关部门重视。",
    "盼复。",
    "请帮忙协调解决，谢谢。",
]
ENTERPRISE_CLOSERS = [
    "",
    "恳请政府帮助协调解决。",
    "希望有关部门帮助企业解决困难。",
    "请尽快答复，谢谢。",
]

# (subject, detail) templates per category; {slot} is filled from SLOTS.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "城乡建设": [
        (
            "{estate}老旧小区加装电梯迟迟不动工",
            "我们是{town}{estate}的业主，小区申请加装电梯已经{months}，材料都交齐了，至今没有动工，老人上下楼非常困难。",
        ),
        (
            "{village}有人违法加建楼层",
            "{town}{village}有村民{since}在原有房屋上加建两层，没有任何报建手续，施工时还占用村道，存在安全隐患。",
        ),
        (
            "{road}施工围挡长期不拆",
            "{road}{town}路段的市政施工围挡已经{months}没人施工，围挡占了半条路，晚上也没有警示灯。",
        ),
        (
            "{estate}开发商延期交房",
            "{estate}原定去年底交房，到现在还没有交楼，开发商一直推脱，业主每月还要还房贷。",
        ),
        (
            "{estate}门口路灯不亮",
            "{town}{estate}门口那段路{since}路灯都不亮，晚上出行很不安全，希望市政部门尽快维修。",
        ),
        (
            "{village}旧改拆迁补偿标准不公开",
            "{town}{village}城中村改造，拆迁补偿标准一直不公开，村民对安置房面积有很大意见。",
        ),
        (
            "{road}一下雨就水浸街",
            "{town}{road}附近排水管道堵塞，一下大雨路面就积水半米深，车辆和行人都过不去。",
        ),
        (
            "{estate}物业乱收费不作为",
            "{estate}物业公司擅自提高物业费，小区电梯、消防设施坏了却没人管，业主多次投诉无果。",
        ),
    ],
    "环境保护": [
        (
            "{village}工厂排放刺鼻废气",
            "{town}{village}附近有工厂{since}每天晚上排放刺鼻的废气，附近居民晚上不敢开窗，很多人喉咙不舒服。",
        ),
        (
            "{estate}旁工地夜间施工噪音扰民",
            "{estate}旁边的工地每天晚上十一点以后还在打桩，噪音很大，严重影响居民休息。",
        ),
        (
            "{town}河涌发黑发臭",
            "{town}{village}旁边的河涌{since}水体发黑发臭，还漂着死鱼，怀疑有人偷排污水。",
        ),
        (
            "{village}有人露天焚烧垃圾",
            "{town}{village}空地上经常有人露天焚烧垃圾和废旧电线，黑烟滚滚，空气污染严重。",
        ),
        (
            "{estate}楼下餐馆油烟直排",
            "{estate}楼下新开的餐馆没有安装油烟净化设备，油烟直接排到居民窗口，投诉多次没有改善。",
        ),
        (
            "白云湖边有人偷排污水",
            "白云湖{town}一侧的排水口{since}经常排出有颜色的污水，湖面有油污和异味，希望环保部门查一查。",
        ),
        (
            "{village}废品收购站污染严重",
            "{town}{village}的废品收购站露天堆放废旧电池和塑料，下雨时污水流进农田。",
        ),
    ],
    "交通运输": [
        (
            "希望增开{town}到地铁站的公交线路",
            "{town}{estate}住了上万人，附近只有一条公交线路，早高峰等车要半小时，希望增开到地铁站的接驳公交。",
        ),
        (
            "{road}公交车班次太少",
            "{road}沿线的公交车{since}班次减少了很多，晚上八点以后基本等不到车，上下班很不方便。",
        ),
        (
            "出租车在{town}拒载绕路",
            "在{town}{road}打出租车，司机听说去{village}就拒载，还有司机故意绕路多收费。",
        ),
        (
            "{road}泥头车超载抛洒",
            "{road}每天晚上有大量泥头车超载行驶，沿路抛洒泥土，车速很快，非常危险。",
        ),
        (
            "{town}非法营运摩的黑车多",
            "{town}地铁站出口聚集了很多非法营运的摩的和黑车，乱停乱放还拉客，存在安全隐患。",
        ),
        (
            "{estate}附近公交站点设置不合理",
            "{estate}附近的公交站离小区门口太远，老人要走二十分钟，希望在小区门口增设站点。",
        ),
        (
            "{road}路口红绿灯时间太短",
            "{road}和{town}交界的路口行人绿灯只有十几秒，老人和小孩过马路来不及，车辆也常常抢行。",
        ),
    ],
    "教育文体": [
        (
            "{town}小学学位紧张",
            "我们是{town}{estate}的业主，孩子今年上一年级，片区内的{school}学位不够，被分到很远的学校。",
        ),
        (
            "{school}收费不合理",
            "{town}{school}除了学费之外还收取各种资料费、兴趣班费，家长负担很重，请教育部门核查。",
        ),
        (
            "{town}校外培训机构违规补课",
            "{town}有校外培训机构周末和晚上违规开展学科类补课，收费很高，还让家长一次性交一年的费用。",
        ),
        (
            "{school}周边交通秩序混乱",
            "{town}{school}放学时门口车辆乱停，学生过马路很危险，希望增派人员维护秩序。",
        ),
        (
            "希望{town}体育场馆免费开放",
            "{town}的体育场馆平时大门紧锁，希望在课余时间向市民开放，方便大家锻炼身体。",
        ),
        (
            "{town}缺少图书馆和文化活动场所",
            "{town}人口越来越多，但附近没有公共图书馆，希望多建一些社区文化活动室和阅读空间。",
        ),
        (
            "{school}课后服务质量差",
            "{town}{school}的课后服务只是让学生自习，老师不在教室，家长希望提高课后服务质量。",
        ),
    ],
    "劳动和社会保障": [
        (
            "{company}拖欠员工工资{months}",
            "我在{town}的{company}上班，公司已经拖欠我们工资{months}，老板一直说没钱，请劳动部门帮我们讨薪。",
        ),
        (
            "单位不给员工缴纳社保",
            "我在{town}一家工厂工作了两年，单位一直没有给我缴纳社会保险，向老板反映后被要求自愿放弃。",
        ),
        (
            "退休养老金迟迟未发放",
            "我去年在{town}办理了退休手续，到现在养老金还没有发放，社保窗口说在审核，一直没有结果。",
        ),
        (
            "工伤认定办理太慢",
            "我在{town}工地干活时受伤，申请工伤认定已经{months}，单位不配合提供材料，医疗费都是自己垫付。",
        ),
        (
            "灵活就业人员社保缴费问题",
            "我是{town}的灵活就业人员，想以个人身份缴纳养老保险，但办理流程不清楚，网上也查不到。",
        ),
        (
            "城乡居民医保缴费标准咨询",
            "{town}{village}的村民想咨询今年城乡居民医保的缴费标准和缴费时间，村里没有通知。",
        ),
        (
            "被辞退后没有拿到经济补偿",
            "我在{company}工作三年，公司突然把我辞退，没有给任何经济补偿，也不出具离职证明。",
        ),
    ],
    "商贸旅游": [
        (
            "{town}{shop}预付卡跑路",
            "{town}{shop}突然关门，老板联系不上，很多会员卡里还有{money}没有消费，请有关部门帮消费者维权。",
        ),
        (
            "{town}商家虚假宣传",
            "{town}{shop}宣传打折促销，实际价格比原价还高，售后也不认账，属于虚假宣传。",
        ),
        (
            "{village}菜市场缺斤少两",
            "{town}{village}菜市场有摊贩使用作弊的电子秤，买一斤菜少二两，市场管理方也不处理。",
        ),
        (
            "白云山景区周边乱收费",
            "白云山{town}一侧入口附近有人私设停车场乱收费，还有人拉客推销旅游项目，影响景区形象。",
        ),
        (
            "{estate}管道燃气安装费过高",
            "{town}{estate}管道燃气改造，燃气公司收取每户两千多元安装费，超过了物价部门规定的标准。",
        ),
        (
            "{town}商场消防通道被占用",
            "{town}{road}一家商场把消防通道用来堆放货物，节假日人流量大，存在安全隐患。",
        ),
        (
            "网购商品质量问题投诉无门",
            "我在{town}一家电商公司买的家电质量有问题，商家拒绝退换货，多次投诉没有回应。",
        ),
    ],
    "卫生计生": [
        (
            "{hospital}看病排队时间太长",
            "{town}{hospital}挂号、缴费、拿药每个环节都要排很久的队，老人看一次病要花一整天。",
        ),
        (
            "{town}疫苗接种预约难",
            "{town}的社区卫生服务中心儿童疫苗很难预约，网上一放号就约满，希望增加接种名额。",
        ),
        (
            "{village}有无证诊所行医",
            "{town}{village}有一家诊所没有挂牌，也没有医生执业证，却在给村民打针输液，存在很大风险。",
        ),
        (
            "{hospital}医生服务态度差",
            "我带孩子到{town}{hospital}看急诊，医生态度很差，不耐心解释病情，希望卫生部门加强管理。",
        ),
        (
            "生育登记办理问题咨询",
            "我们是{town}的外地户籍夫妻，想咨询在白云区办理生育登记需要哪些材料，可以在网上办理吗？",
        ),
        (
            "{town}社区卫生服务中心药品不全",
            "{town}{hospital}很多常用的慢性病药品都没有，老人只能跑到大医院开药，很不方便。",
        ),
        (
            "{hospital}收费不透明",
            "在{town}{hospital}住院几天，费用清单上有很多看不懂的收费项目，医院也不解释。",
        ),
    ],
    "企业用水": [
        (
            "{company}生产用水频繁停水",
            "我司{company}位于{town}{village}工业园，{since}经常停水，而且没有提前通知，严重影响企业正常生产。",
        ),
        (
            "工业园水压不足影响生产",
            "{town}{village}工业园的企业反映供水水压太低，高层车间用不上水，企业生产线被迫停工。",
        ),
        (
            "企业用水报装进度慢",
            "我司{company}在{town}新建厂房，申请用水报装已经{months}，供水部门一直没有安排接驳。",
        ),
        (
            "企业污水接驳排水管网难",
            "我司在{town}的厂房需要接入市政排水管网，排水许可申请材料多、周期长，希望简化流程。",
        ),
        (
            "企业水费计价标准咨询",
            "我司{company}想咨询{town}工业用水的水费标准和阶梯计价办法，近期水费明显上涨。",
        ),
    ],
    "企业用电": [
        (
            "{company}所在园区频繁停电",
            "我司{company}在{town}{village}园区，{since}每周都要停电两三次，机器设备多次损坏，损失{money}。",
        ),
        (
            "企业用电增容报装太慢",
            "我司{company}扩大生产需要用电增容，向供电部门申请{months}了还没有批下来，新设备无法投产。",
        ),
        (
            "工业园电压不稳损坏设备",
            "{town}工业园的企业反映用电电压不稳定，经常跳闸，精密设备损坏严重，希望改造线路。",
        ),
        (
            "企业电费分摊不合理",
            "我司租用{town}{village}的厂房，电由房东转供，房东加价收取电费，比国家标准高很多。",
        ),
        (
            "企业新装专用变压器咨询",
            "我司{company}计划在{town}新装专用变压器，想了解报装流程、所需材料和办理时限。",
        ),
    ],
    "企业用地": [
        (
            "{company}扩产用地难以落实",
            "我司{company}在{town}发展很快，需要新增生产用地，多次咨询产业用地供应情况都没有结果。",
        ),
        (
            "企业厂房用地规划调整咨询",
            "我司在{town}{village}的厂房所在地块规划调整，想咨询对企业继续经营和办证有什么影响。",
        ),
        (
            "村集体物业租赁合同到期续租难",
            "我司租用{town}{village}村集体厂房多年，合同即将到期，村里要求大幅涨租，企业难以承受。",
        ),
        (
            "工改工项目审批进度慢",
            "我司参与{town}旧厂房工改工项目，用地手续办理已经{months}，审批进度缓慢，项目无法开工。",
        ),
        (
            "企业厂房土地证办理问题",
            "我司在{town}购买的厂房一直办不了土地和房产证，影响企业申请贷款和扩大生产。",
        ),
    ],
    "企业用工": [
        (
            "{company}招工难缺工严重",
            "我司{company}在{town}，{since}一线工人缺口很大，招聘会也招不到人，希望政府组织用工对接。",
        ),
        (
            "企业员工技能培训补贴咨询",
            "我司想为{town}的员工开展技能培训，想咨询企业职业技能培训补贴的申请条件和流程。",
        ),
        (
            "企业申请稳岗返还咨询",
            "我司{company}一直没有裁员，想咨询今年稳岗返还政策企业怎么申请、什么时候到账。",
        ),
        (
            "企业招用高校毕业生补贴问题",
            "我司在{town}招用了几名应届高校毕业生，想了解吸纳就业补贴的申领材料和办理窗口。",
        ),
        (
            "企业外地员工子女入学咨询",
            "我司{company}很多外地员工希望孩子在{town}就近入学，企业想了解积分入学政策能否提供帮助。",
        ),
    ],
    "企业资金": [
        (
            "{company}融资难贷款难",
            "我司{company}是{town}的小微企业，订单增加但流动资金紧张，银行贷款要求抵押，企业贷不到款。",
        ),
        (
            "企业扶持资金迟迟未兑现",
            "我司去年获得{town}产业扶持资金{money}的立项，到现在资金还没有拨付，企业资金压力很大。",
        ),
        (
            "企业税费减免政策咨询",
            "我司{company}想咨询小微企业税费减免政策，哪些税种可以减免，需要到哪里申请。",
        ),
        (
            "政府项目工程款被拖欠",
            "我司承接{town}的公共工程已经验收{months}，工程款{money}一直没有支付，企业发不出工资。",
        ),
        (
            "企业申请贴息贷款流程咨询",
            "我司在{town}，想申请科技型中小企业贴息贷款，不清楚申报时间和需要准备的材料。",
        ),
    ],
    "企业审批": [
        (
            "{company}营业执照变更办理慢",
            "我司{company}申请营业执照经营范围变更，在{town}政务服务中心提交材料后{months}还没办好。",
        ),
        (
            "企业消防验收办理难",
            "我司在{town}的新厂房装修完成，消防验收预约排队很久，企业无法开业，每天损失很大。",
        ),
        (
            "企业环评审批周期太长",
            "我司{company}在{town}的新项目需要办理环评审批，材料反复退回修改，审批周期太长。",
        ),
        (
            "企业施工许可证办理咨询",
            "我司在{town}{village}的厂房改建项目，想咨询施工许可证的办理条件和一窗受理的流程。",
        ),
        (
            "食品经营许可证办理问题",
            "我司{company}在{town}开设门店，申请食品经营许可证时窗口要求补充的材料前后不一致。",
        ),
    ],
    "企业其他": [
        (
            "{company}周边治安差企业被盗",
            "我司{company}所在的{town}{village}工业园{since}多次发生盗窃，企业财物被盗，希望加强巡逻。",
        ),
        (
            "工业园道路破损影响企业运输",
            "{town}{village}工业园的道路坑洼不平，货车进出困难，企业多次反映都没有修。",
        ),
        (
            "涉企检查过多影响经营",
            "我司在{town}，{since}各种检查一个接一个，同样的材料要报好几次，希望减少重复检查。",
        ),
        (
            "工业园网络信号差",
            "{town}{village}工业园手机信号和宽带都很差，企业视频会议和网上办税都受影响。",
        ),
        (
            "企业反映园区配套设施不足",
            "{town}工业园没有员工食堂和公交站，企业员工上下班和吃饭都很不方便，影响招人留人。",
        ),
    ],
}


def _fill(template: str, rng: random.Random, chosen: dict[str, str]) -> str:
    for slot, values in SLOTS.items():
        key = "{" + slot + "}"
        if key in template:
            if slot not in chosen:
                chosen[slot] = rng.choice(values)
            template = template.replace(key, chosen[slot])
    return template


def generate(
    seed: int = SEED, per_category: int = PER_CATEGORY
) -> list[tuple[str, str, str]]:
    """Return (subject, detail, label) rows: `per_category` distinct messages per category."""
    rng = random.Random(seed)  # noqa: S311 (reproducible demo text, not security)
    rows = []
    for label, templates in TEMPLATES.items():
        closers = ENTERPRISE_CLOSERS if label.startswith("企业") else CLOSERS
        seen: set[str] = set()
        while len(seen) < per_category:
            subject_t, detail_t = templates[len(seen) % len(templates)]
            chosen: dict[str, str] = {}
            subject = _fill(subject_t, rng, chosen)
            detail = (
                rng.choice(OPENERS) + _fill(detail_t, rng, chosen) + rng.choice(closers)
            )
            if detail in seen:
                continue
            seen.add(detail)
            # A third of the messages come without a subject, as phone calls often do.
            rows.append(("" if rng.random() < 0.33 else subject, detail, label))
    rng.shuffle(rows)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Write the demo set to the path given, or to demo/data/routing_train.csv."""
    argv = sys.argv[1:] if argv is None else argv
    write_training_csv(Path(argv[0]) if argv else OUTPUT, generate())


if __name__ == "__main__":
    main()
