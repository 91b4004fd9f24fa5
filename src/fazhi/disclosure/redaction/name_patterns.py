"""Patterns of the name finder (names.py): cues, ends of names, suffixes.

Each is public knowledge of how decisions and judgments are written, not learnt
from data.
"""

from __future__ import annotations

import re

CJK = r"\u4e00-\u9fff"
MASKS = "某XＸx×＊*○〇"
_MASK_CLASS = "某XＸx×＊*○〇"

# Characters that end a name's given part when read after a surname: grammatical words
# and verbs that follow a subject. A given name almost never uses them.
_STOP_CHARS = set(
    "的了在是和与及等为因于将把被从向到至说称讲又也都就还已曾所之其该并或而但则即对给"
    "让叫使由以用着过不没无有要会可买卖去来找拿带送交打称系经共均各每个名人次年月日时分"
    "元克粒包支瓶后未他她我你们"
)

# Words that introduce a natural person. Generic to decisions, judgments and records.
_STRONG_CUES = (
    "当事人|被告人|被告|原告|上诉人|被上诉人|申请执行人|被执行人|申请人|被申请人|第三人|"
    "法定代表人|负责人|经营者|投资人|委托代理人|诉讼代理人|代理人|辩护人|姓名|户主|联系人|"
    "证人|被害人|受害人|犯罪嫌疑人|嫌疑人|同案人|同案犯|违法行为人|行为人|举报人|投诉人|"
    "个体工商户|业主|房东|承租人|出租人|驾驶人|驾驶员|吸毒人员|购毒人员|吸毒者|购毒者|"
    "涉案人员|购毒人|买毒人|卖毒人|贩毒人员|网上逃犯|逃犯|群众|户名|收款人|付款人|同伙|上家|下家|"
    "雇主|室友|女友|男友|女朋友|男朋友|其妻|其夫|舅舅|小名|化名|外号|绰号|花名|网名|妻子|丈夫|儿子|女儿|父亲|母亲|哥哥|弟弟|姐姐|妹妹|朋友|男子|女子|村民|"
    "居民|患者|学生|老板|员工|工人|店主|租客|邻居"
)
_STRONG_CUE = re.compile(rf"(?:{_STRONG_CUES})(?:（[^）]{{1,12}}）)?[：:]?\s*$")
# Weaker cues: a person is often the object of these verbs or conjunctions.
_WEAK_CUE = re.compile(
    r"(?:与|和|及|伙同|向|给|找|让|帮|叫|同|跟|联系|告诉|委托|介绍|通知|询问|告知|将|把|被|由|经|、|"
    r"容留|指派|指使|雇佣|安排|抓获|收件人|寄件人|付款人|收款人)$"
)
# What follows a person's name in a decision: sex, birth, ID, domicile, role verbs.
_SEX_AFTER = re.compile(r"[，,、（(]\s*(?:男|女)[，,、）)；;\s]")
_AFTER_CUE = re.compile(
    r"[，,、（(]?\s*(?:男|女)[，,、）)；;\s]|[，,（(]?\s*(?:出生|生于|身份证|公民身份|户籍|家住|住址|现住|"
    r"住[\u4e00-\u9fff]{1,4}(?:省|市|区|县)|系|等[人二三四五六七八九十两]|等人|供述|证实|证言|辩称|"
    r"称|说|陈述|打电话|电话|驾驶|签字|签名|的[供证陈]|[：:]\s*[“\"])"
)
_ORG_SUFFIX = re.compile(
    r"(?P<lead>[\u4e00-\u9fffA-Za-z0-9]{0,10}?)(?:有限责任公司|股份有限公司|有限公司|公司|集团|"
    r"合作社|中心|商行|经营部|门市部|批发部|酒店|宾馆|饭店|酒楼|医院|诊所|药房|学校|"
    r"幼儿园|银行|事务所|研究所|研究院|协会|商会|委员会|管理局|管理处|办事处|超市|市场|"
    r"网吧|工作室|车行|茶楼|会所)"
    r"|(?P<lead2>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:厂|店|局|院|所|站|馆|场|部)"
)
_PLACE_AFTER = re.compile(
    r"(?:省|市|县|区|镇|乡|村|路|街|巷|道|桥|山|河|湖|江|岛|湾|港|屯|寨|庄|坪|坝|塘|洞|岭|园|苑|湾)"
)
# A case or document number follows an agency's short name: 白云复〔2020〕12号.
_DOC_NUMBER_AFTER = re.compile(r"[\u4e00-\u9fff]{0,3}[〔［\[]")
_PLACE_END = set("省市县区镇乡村路街巷道桥")
# Two-character function words whose second character is also a surname.
_FUNCTION_WORDS = frozenset(
    [
        "位于",
        "关于",
        "由于",
        "对于",
        "至于",
        "等于",
        "在于",
        "属于",
        "用于",
        "基于",
        "处于",
        "终于",
        "便于",
        "易于",
        "难于",
        "对向",
        "走向",
        "方向",
        "面向",
        "指向",
        "去向",
        "转向",
        "流向",
        "趋向",
        "倾向",
        "一向",
        "以及",
        "涉及",
        "危及",
        "来及",
        "波及",
        "顾及",
        "如何",
        "任何",
        "为何",
        "同时",
        "及时",
        "当时",
        "按时",
        "此时",
        "届时",
        "随时",
        "暂时",
        "准时",
        "而后",
        "之后",
        "然后",
        "最后",
        "其后",
        "事后",
        "先后",
        "前后",
        "落后",
        "并和",
        "总和",
        "温和",
        "缓和",
        "所有",
        "没有",
        "持有",
        "具有",
        "拥有",
        "含有",
        "已经",
        "曾经",
        "途经",
        "业经",
        "再次",
        "多次",
        "首次",
        "依次",
        "层次",
        "一次",
    ]
)
_MASKED_AFTER_CUE = re.compile(rf"[{CJK}]{{1,3}}?某{{1,3}}(?![{CJK}])")
# Surnames that are also address units (区, 路, 房 ...): after a place they are units.
_ADDRESS_UNIT = set("省市县区镇乡村路街巷道桥号栋楼室房店场厂园苑段组队车")
_ORG_BREAK = re.compile(r"[的在到等与和及、，。；：:,;\s]")

# Roles after which the next word is a person's name even when its surname is not in
# ``surnames.txt`` (海, 初, 亢 ...) or the name is transliterated (阿拜都文).
# What may follow a name: punctuation, sex, grammatical words and the verbs a subject
# or an object of a sentence in a decision is followed by.
_NAME_END = re.compile(
    r"(?:[，。、；：:,;（(“”\"）)\s]|$|男|女|与|和|及|同|在|于|以|将|把|被|向|从|到|至|因|为|经|系|"
    r"的|等|伙同|携带|驾驶|租住|先后|多次|再次|又|也|已|便|就|即|遂|随|归案|如实|供述|明知|"
    r"出售|贩卖|容留|购买|提供|非法|持有|来到|前往|打电话|电话|通过|使用|身上|处|手中|手里|"
    r"家|住处|乘坐|称|说|表示|告诉|要求|联系|见面|交易|吸食|一起|一同|共同|分别|时|后|拿|"
    r"带|送|交|收|付|购|卖|借|租|让|叫|请|找|给|帮|约|问|答应|同意|指使|安排|负责|接|取|"
    r"驾|开|到|回|去|来|进|出|是|对|并|但|却|还|都|则|所|主动|犯|涉嫌|贩|吸|藏|放|存|汇|转|"
    r"认识|用|入住|走|进行|要)"
)
# Where a name ends for certain: punctuation or sex.
_HARD_END = re.compile(r"[，。、；：:,;（(“”\"）)\s]|$|[男女][，,、）)；;\s]")
# Characters that cannot be inside a name read after a role (被告人张时杰 is a name,
# 被告人在..., 被告人多次... are not).
_HARD_STOP = set(
    "的了在是与及等将把被从向到至说给让叫着过不没无有要会个名次年月日分元克粒包支瓶"
    "并或而但则即对所之其该又也都就还已曾因由经称系后未他她我你们，。、；："
)
# Transliterated names of the minority nationalities: parts joined by a middle dot
# (吐尔洪·吐尔逊); a dot lost in a conversion to GBK shows as "?".
_DOTTED_NAME = re.compile(rf"[{CJK}]{{1,8}}(?:[·•・．?][{CJK}]{{1,8}})+")
_DOT_CHARS = "·•・．?"
# Nicknames (绰号, 外号): a quoted word after a nickname cue, or next to person cues.
_QUOTED = re.compile(rf"[“\"]([{CJK}]{{1,5}})[”\"]")
_NICK_CUE = re.compile(
    r"(?:外号|绰号|花名|小名|网名|化名|诨名|昵称|别名|名叫|叫做|叫|人称|自称)"
    r"(?:为|是|叫|作)?(?:一名|一个|一位|名)?[：:]?$"
)
_NICK_NEAR_BEFORE = re.compile(
    r"(?:向|从|跟|与|和|及|给|找|联系|容留|卖给|交给|带着|伙同|同案人|男子|女子|朋友|毒贩|"
    r"上家|下家|吸毒人员|购毒人员|贩毒人员|被告人|[、，])(?:一名|一个|一位|名)?$"
)
_NICK_AFTER_STRONG = re.compile(
    r"[（(](?:另案|均另案|在逃|现在逃|身份|姓名|真实姓名|具体|情况|基本情况|男|女|已判|已被)|"
    r"的(?:男子|女子|男人|女人|人|中年|青年|年轻|女朋友|男朋友|朋友|妻子|丈夫|老婆|女友|男友)|"
    r"等人"
)
_NICK_AFTER_WEAK = re.compile(
    r"处|手中|手里|手上|身上|电话|联系|购买|贩卖|出售|拿|一起|一同|称|说|、[“\"]|[）)]?[、和与及]"
)
# What a quoted word is when it is not a nickname: a brand, a shop, a drug's street name.
_QUOTED_THING_AFTER = re.compile(
    r"[牌号型款片粒颗克包]|嫌疑物|疑似物|可疑物|成分|酒店|宾馆|旅馆|旅店|酒吧|KTV|ktv|小区|网吧|公寓|茶楼|会所|软件|群|平台|账号|"
    r"超市|商店|店|餐厅|饭店|大厦|广场|歌厅|公司|方式"
)
_QUOTED_THING_BEFORE = re.compile(
    r"(?:俗称|称为|简称|名为|即|含|以|用|通过|采用|玩|打)$"
)
_NICK_SHAPE = re.compile(
    rf"^(?:[阿老小][{CJK}]{{1,2}}|[{CJK}]{{1,2}}[仔哥姐妹佬弟嫂叔婆公]|([{CJK}])\1|大[{CJK}]{{1,2}})$"
)
# Unquoted nickname forms before a person's parenthetical note: 阿锋（另案处理）.
_PERSON_NOTE = re.compile(
    r"[（(](?:另案|均另案|另行|在逃|现在逃|已判|已被|身份不|姓名不|真实姓名|具体姓名|情况不|"
    r"基本情况不|化名)"
)
_ROLE_WORDS = (
    "被告人|被告|原告|上诉人|被上诉人|申请人|被申请人|当事人|犯罪嫌疑人|嫌疑人|被害人|受害人|"
    "证人|同案人|同案犯|吸毒人员|购毒人员|贩毒人员|吸毒者|购毒者|购毒人|买毒人|卖毒人|"
    "法定代表人|负责人|经营者|投资人|辩护人|姓名|户名|网上逃犯|群众|其妻|其夫"
)
# Roles after which a name need not start with a listed surname.
_CORE_ROLE = re.compile(
    r"^(?:被告人|被告|原告|上诉人|被上诉人|申请人|被申请人|当事人|犯罪嫌疑人|嫌疑人|被害人|"
    r"证人|同案人|同案犯|吸毒人员|购毒人员|贩毒人员|购毒人|买毒人|卖毒人|法定代表人|姓名)"
)
# Adverbs and numerals that start a phrase, not a name: 被告人正欲出门, 被告人先后.
_NOT_FIRST = set(
    "正刚才便就仍还再曾已均各共另先即遂随竟欲想拟准本此这那一二三四五六七八九十两多每首当"
)
_ROLE_AT = re.compile(rf"(?:{_ROLE_WORDS})(?:（[^）]{{1,12}}）)?[：:]?\s*")
# Verbs and prepositions whose object is often a person (向张三购买, 容留李四).
_OBJECT_CUE = re.compile(
    r"(?:与|和|及|伙同|向|给|找|让|帮|叫|同|跟|联系|告诉|委托|介绍|通知|询问|告知|被|由|从|"
    r"容留|指派|指使|雇佣|雇请|安排|抓获|查获|收件人|寄件人|付款人|收款人|卖给|交给|送给|"
    r"出售给|贩卖给|受|通过|根据|邀请|带着|租用|借用|、)$"
)
_NICK_AFTER_CUE = re.compile(
    rf"(?:外号|绰号|花名|小名|网名|化名|诨名|昵称|别名)(?:叫|为|是)?([{CJK}]{{2,3}}?)"
    r"(?=的|[，。、；（(）)]|$)"
)
# A single surname standing for a person found in full earlier: 该吴称, 在林的指认下.
_SURNAME_ALONE_BEFORE = re.compile(
    r"(?:^|[，。、；：:,;（(]|该|要|给|向|与|和|从|在|被|由|让|叫|将|把|对|帮|同|跟)$"
)
_SURNAME_ALONE_AFTER = re.compile(
    r"[，。、；]|称|说|的|在|另|帮|将|于|又|也|便|就|被|向|把|给|供述|交|指|遂|即|已|拿|带|"
    r"去|来|到|以|携带|驾驶|趁机|随即|立即"
)
# Two people of one name told apart with a letter or a cyclic character: 李某A, 万峰乙.
_SUFFIX = re.compile(r"(?:[A-F]|[甲乙丙丁](?!基|类|级|等|方|醇|酮|烷))(?![A-Za-z0-9])")
# Prepositions and conjunctions that are also surnames (从, 向, 于 ...): a name found one
# character later wins over one starting with them.
_PREP_SURNAMES = set("从向于后由和与及将把被给对同跟经以在为")
# Verbs whose object can only be a person (容留X吸毒, 卖给X): a place or a thing never
# stands right after them in a decision.
_PERSON_OBJECTS = r"容留|卖给|贩卖给|出售给|交给|送给|伙同|雇佣|雇请|指使|给"
_PERSON_OBJECT = re.compile(rf"(?:{_PERSON_OBJECTS})$")
_PERSON_OBJECT_AT = re.compile(rf"(?:{_PERSON_OBJECTS})")
# Words that end in an organisation's suffix character (场, 部, 所, 局, 院) but name no
# organisation: after a name they are the rest of a sentence (从张三处当场收缴).
_NOT_ORG_TAIL = frozenset(
    [
        "当场",
        "现场",
        "在场",
        "到场",
        "全部",
        "内部",
        "外部",
        "局部",
        "头部",
        "腹部",
        "胸部",
        "背部",
        "腿部",
        "面部",
        "颈部",
        "结局",
        "格局",
        "布局",
        "住院",
        "厕所",
        "住所",
        "场所",
        "处所",
    ]
)
