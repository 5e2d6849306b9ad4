"""Write the demo seed folder (seed/demo/) from the real units, brands and alliances of the source
articles (see seed/demo/README.md), with invented members, villages and figures where the articles
give none. Deterministic: run it again and the files do not change.

    python tools/build_demo.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seed" / "demo"
rng = random.Random(20241124)

# ---------------------------------------------------------------- areas: (id, name, kind, parent, remote)
AREAS: list[tuple[str, str, str, str, bool]] = [
    ("a-zj", "浙江省", "PROVINCE", "", False),
    ("a-zs", "舟山市", "CITY", "a-zj", False),
    ("a-pt", "普陀区", "DISTRICT", "a-zs", False),
    ("a-ls", "丽水市", "CITY", "a-zj", False),
    ("a-nb", "宁波市", "CITY", "a-zj", False),
    ("a-yz", "鄞州区", "DISTRICT", "a-nb", False),
    ("a-hb", "河北省", "PROVINCE", "", False),
    ("a-sjz", "石家庄市", "CITY", "a-hb", False),
    ("a-sd", "山东省", "PROVINCE", "", False),
    ("a-ly", "临沂市", "CITY", "a-sd", False),
    ("a-nm", "内蒙古自治区", "PROVINCE", "", False),
    ("a-hlbe", "呼伦贝尔市", "CITY", "a-nm", False),
    ("a-elc", "鄂伦春自治旗", "DISTRICT", "a-hlbe", True),
]
# 普陀: townships, then their communities (本岛) and islands (离岛)
PT_TOWNS = {
    "sjm": ("沈家门街道", ["滨港社区", "墩头社区", "泗湾社区", "东河社区"], []),
    "dg": ("东港街道", ["东港社区", "塘头社区", "莲花社区"], []),
    "zjj": ("朱家尖街道", ["樟州社区", "月岙社区"], ["大洞岙岛"]),
    "zm": ("展茅街道", ["展茅社区", "黄杨尖社区"], []),
    "lh": ("六横镇", ["峧头社区", "台门社区"], ["悬山岛", "佛渡岛"]),
    "th": ("桃花镇", ["桃花社区"], ["登步岛"]),
    "xz": ("虾峙镇", ["虾峙社区"], ["湖泥岛", "走马塘岛"]),
    "dj": ("东极镇", [], ["庙子湖岛", "青浜岛", "东福山岛", "黄兴岛"]),
    "bs": ("白沙岛乡", [], ["白沙岛", "柴山岛"]),
    "my": ("蚂蚁岛", [], ["蚂蚁岛本岛"]),
}
LS_COUNTIES = {
    "ld": ("莲都区", {"ld-lq": ("老竹畲族镇", 4), "ld-fl": ("峰源乡", 4)}),
    "sc": ("遂昌县", {"sc-wz": ("王村口镇", 5), "sc-hz": ("湖山乡", 4), "sc-jd": ("焦滩乡", 3)}),
    "sy": ("松阳县", {"sy-sq": ("四都乡", 5), "sy-dx": ("大东坝镇", 4)}),
    "lq": ("龙泉市", {"lq-ls": ("兰巨乡", 4), "lq-pn": ("屏南镇", 4)}),
    "jn": ("景宁畲族自治县", {"jn-dj": ("大均乡", 4), "jn-ys": ("英川镇", 4)}),
    "yh": ("云和县", {"yh-cs": ("崇头镇", 3)}),
}
VILLAGE_NAMES = list("上下东西南北中高大小新老石竹梅桃杨枫岭坑源坞岙溪")
SJZ_DISTRICTS = {"ca": ("长安区", 4), "qx": ("桥西区", 4), "xh": ("新华区", 3)}
LY_DISTRICTS = {"ls": ("兰山区", 4), "lz": ("罗庄区", 3), "hd": ("河东区", 3)}
YZ_STREETS = ["首南街道", "钟公庙街道", "下应街道"]
FORESTS = ["毕拉河林区", "诺敏林场", "达尔滨湖林场", "北大河林场", "小二沟林场", "阿里河林场"]


def build_areas() -> None:
    for key, (town, communities, islands) in PT_TOWNS.items():
        AREAS.append((f"a-pt-{key}", town, "TOWNSHIP", "a-pt", False))
        for i, name in enumerate(communities, 1):
            AREAS.append((f"a-pt-{key}-c{i}", name, "COMMUNITY", f"a-pt-{key}", False))
        for i, name in enumerate(islands, 1):
            AREAS.append((f"a-pt-{key}-i{i}", name, "ISLAND", f"a-pt-{key}", True))
    AREAS.append(("a-pt-sjm-c1-g1", "滨港社区第一网格", "GRID", "a-pt-sjm-c1", False))
    AREAS.append(("a-pt-dj-i1-g1", "庙子湖岛渔村网格", "GRID", "a-pt-dj-i1", True))
    for county, (cname, towns) in LS_COUNTIES.items():
        AREAS.append((f"a-ls-{county}", cname, "DISTRICT", "a-ls", False))
        for town_id, (tname, villages) in towns.items():
            AREAS.append((f"a-ls-{town_id}", tname, "TOWNSHIP", f"a-ls-{county}", False))
            for v in range(1, villages + 1):
                name = rng.choice(VILLAGE_NAMES) + rng.choice(VILLAGE_NAMES) + "村"
                remote = v > 1  # the township seat's village is reachable; the mountain ones are 偏远
                AREAS.append((f"a-ls-{town_id}-v{v}", f"{tname}{name}", "VILLAGE", f"a-ls-{town_id}", remote))
    for key, (dname, n) in SJZ_DISTRICTS.items():
        AREAS.append((f"a-sjz-{key}", dname, "DISTRICT", "a-sjz", False))
        for i in range(1, n + 1):
            AREAS.append((f"a-sjz-{key}-c{i}", f"{dname}第{i}社区", "COMMUNITY", f"a-sjz-{key}", False))
    for key, (dname, n) in LY_DISTRICTS.items():
        AREAS.append((f"a-ly-{key}", dname, "DISTRICT", "a-ly", False))
        for i in range(1, n + 1):
            AREAS.append((f"a-ly-{key}-c{i}", f"{dname}第{i}社区", "COMMUNITY", f"a-ly-{key}", False))
    for i, name in enumerate(YZ_STREETS, 1):
        AREAS.append((f"a-yz-s{i}", name, "TOWNSHIP", "a-yz", False))
    for i, name in enumerate(FORESTS, 1):
        AREAS.append((f"a-elc-f{i}", name, "TOWNSHIP", "a-elc", True))


# ---------------------------------------------------------------- units: (id, name, kind, level, area, parent)
UNITS: list[tuple[str, str, str, str, str, str]] = [
    ("u-pt-jggw", "普陀区委区直机关工委", "AGENCY", "DISTRICT", "a-pt", ""),
    ("u-pt-minzheng", "普陀区民政局", "AGENCY", "DISTRICT", "a-pt-sjm", ""),
    ("u-pt-wglt", "普陀区文广旅体局", "AGENCY", "DISTRICT", "a-pt-sjm", ""),
    ("u-pt-gaj", "舟山市公安局普陀区分局", "AGENCY", "DISTRICT", "a-pt-sjm", ""),
    ("u-pt-shangwu", "普陀区商务局", "AGENCY", "DISTRICT", "a-pt-sjm", ""),
    ("u-pt-weijian", "普陀区卫生健康局", "AGENCY", "DISTRICT", "a-pt-dg", ""),
    ("u-pt-tuanqw", "共青团普陀区委", "AGENCY", "DISTRICT", "a-pt-sjm", ""),
    ("u-pt-fulian", "普陀区妇女联合会", "AGENCY", "DISTRICT", "a-pt-sjm", ""),
    ("u-pt-canlian", "普陀区残疾人联合会", "AGENCY", "DISTRICT", "a-pt-sjm", ""),
    ("u-pt-xinfang", "普陀区信访局", "AGENCY", "DISTRICT", "a-pt-dg", ""),
    ("u-pt-zhifa", "普陀区综合行政执法局", "AGENCY", "DISTRICT", "a-pt-dg", ""),
    ("u-pt-zzzx", "普陀区社会治理综合服务中心", "CENTER", "DISTRICT", "a-pt-dg", "u-pt-jggw"),
    ("u-pt-sjm", "沈家门街道办事处", "TOWNSHIP_GOV", "TOWNSHIP", "a-pt-sjm", ""),
    ("u-pt-dg", "东港街道办事处", "TOWNSHIP_GOV", "TOWNSHIP", "a-pt-dg", ""),
    ("u-pt-lh", "六横镇人民政府", "TOWNSHIP_GOV", "TOWNSHIP", "a-pt-lh", ""),
    ("u-pt-dj", "东极镇人民政府", "TOWNSHIP_GOV", "TOWNSHIP", "a-pt-dj", ""),
    ("u-pt-my", "蚂蚁岛管理委员会", "TOWNSHIP_GOV", "TOWNSHIP", "a-pt-my", ""),
    ("u-pt-mzh", "庙子湖岛村民委员会", "VILLAGE_COMMITTEE", "VILLAGE", "a-pt-dj-i1", "u-pt-dj"),
    ("u-pt-yysq", "普陀区渔嫂志愿服务协会", "SOCIAL_ORG", "DISTRICT", "a-pt-sjm", ""),
    ("u-sjz-gw", "石家庄市直机关工委", "AGENCY", "CITY", "a-sjz", ""),
    ("u-sjz-xcb", "石家庄市委宣传部", "AGENCY", "CITY", "a-sjz-ca", ""),
    ("u-sjz-gdb", "石家庄市轨道交通建设办公室", "AGENCY", "CITY", "a-sjz-qx", ""),
    ("u-sjz-jtj", "石家庄市交通运输局", "AGENCY", "CITY", "a-sjz-qx", ""),
    ("u-sjz-ycj", "石家庄市烟草专卖局", "SOE", "CITY", "a-sjz-xh", ""),
    ("u-sjz-spj", "石家庄市行政审批局", "AGENCY", "CITY", "a-sjz-ca", ""),
    ("u-sjz-ylj", "石家庄市园林局", "AGENCY", "CITY", "a-sjz-xh", ""),
    ("u-sjz-dx", "中共石家庄市委党校", "INSTITUTION", "CITY", "a-sjz-ca", ""),
    ("u-sjz-swj", "国家税务总局石家庄市税务局", "AGENCY", "CITY", "a-sjz-qx", ""),
    ("u-ls-zzb", "丽水市委组织部", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-gw", "丽水市直机关工委", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-gxs", "丽水市供销合作社联合社", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-wjw", "丽水市卫生健康委员会", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-mzj", "丽水市民政局", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-zwb", "丽水市政务服务管理办公室", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-nyj", "丽水市农业农村局", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-jtj", "丽水市交通运输局", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-sthj", "丽水市生态环境局", "AGENCY", "CITY", "a-ls", ""),
    ("u-ls-rmyy", "丽水市人民医院", "INSTITUTION", "CITY", "a-ls-ld", "u-ls-wjw"),
    ("u-ls-sc-gov", "遂昌县王村口镇人民政府", "TOWNSHIP_GOV", "TOWNSHIP", "a-ls-sc-wz", ""),
    ("u-ls-sc-v2", "王村口镇山坞村村民委员会", "VILLAGE_COMMITTEE", "VILLAGE", "a-ls-sc-wz-v2", ""),
    ("u-ls-sy-v2", "四都乡岭根村村民委员会", "VILLAGE_COMMITTEE", "VILLAGE", "a-ls-sy-sq-v2", ""),
    ("u-ls-ld-v2", "老竹畲族镇黄桥村村民委员会", "VILLAGE_COMMITTEE", "VILLAGE", "a-ls-ld-lq-v2", ""),
    ("u-ls-jn-v3", "大均乡伏叶村村民委员会", "VILLAGE_COMMITTEE", "VILLAGE", "a-ls-jn-dj-v3", ""),
    ("u-ls-yh-gov", "云和县崇头镇人民政府", "TOWNSHIP_GOV", "TOWNSHIP", "a-ls-yh-cs", ""),
    ("u-nm-sg", "内蒙古森工集团", "SOE", "PROVINCE", "a-hlbe", ""),
    ("u-nm-blh", "毕拉河国家级自然保护区管理局", "INSTITUTION", "DISTRICT", "a-elc-f1", "u-nm-sg"),
    ("u-nm-nm", "诺敏林场", "SOE", "TOWNSHIP", "a-elc-f2", "u-nm-sg"),
    ("u-nm-de", "达尔滨湖林场", "SOE", "TOWNSHIP", "a-elc-f3", "u-nm-sg"),
    ("u-nm-bd", "北大河林场", "SOE", "TOWNSHIP", "a-elc-f4", "u-nm-sg"),
    ("u-yz-czj", "宁波市鄞州区财政局", "AGENCY", "DISTRICT", "a-yz", ""),
    ("u-yz-gw", "鄞州区级机关工委", "AGENCY", "DISTRICT", "a-yz", ""),
    ("u-ly-gw", "临沂市直机关工委", "AGENCY", "CITY", "a-ly", ""),
    ("u-ly-dsj", "临沂市大数据局", "AGENCY", "CITY", "a-ly-ls", ""),
    ("u-ly-czj", "临沂市财政局", "AGENCY", "CITY", "a-ly-ls", ""),
    ("u-ly-rsj", "临沂市人力资源和社会保障局", "AGENCY", "CITY", "a-ly-ls", ""),
    ("u-ly-jyj", "临沂市教育局", "AGENCY", "CITY", "a-ly-hd", ""),
    ("u-ly-wjw", "临沂市卫生健康委员会", "AGENCY", "CITY", "a-ly-lz", ""),
    ("u-ly-mzj", "临沂市民政局", "AGENCY", "CITY", "a-ly-ls", ""),
    ("u-ly-zwfw", "临沂市政务服务中心", "CENTER", "CITY", "a-ly-ls", "u-ly-dsj"),
    ("u-ly-qsl", "临沂市青年志愿者协会", "SOCIAL_ORG", "CITY", "a-ly-hd", ""),
    ("u-ly-tech", "临沂智联科技有限公司", "ENTERPRISE", "CITY", "a-ly-lz", ""),
]

# ---------------------------------------------------------------- alliances: (id, name, model, parent, founded, description)
ALLIANCES = [
    ("al-pt-szmm", "普陀\"党建引领业务，数字赋能民生\"机关党建联建", "JOINT_BUILDING", "", "2021-03-01",
     "区直机关工委牵头，民政、文广旅体、公安、商务、卫健、团委、妇联、残联共建"),
    ("al-pt-zzzx", "普陀区社会治理综合服务中心党建联合体", "CONSORTIUM", "", "2021-06-18",
     "整合12345、平安网格、智慧城管指挥中心，派驻党员组建机关党支部"),
    ("al-pt-island", "普陀离岛\"最后一公里\"结对共建", "PAIRING", "", "2022-01-10", "卫健、商务与离岛乡镇结对"),
    ("al-ls-chain", "丽水\"1+7+N\"全域机关党建联建链群", "CHAIN", "", "2021-05-01", "1个市直机关工委牵头，7条领域链，N个结对"),
    ("al-ls-zw", "政务服务\"就近办\"党建联建", "JOINT_BUILDING", "al-ls-chain", "2021-07-01", "异地代办服务47.9万件"),
    ("al-ls-gx", "供销助农党建联建", "JOINT_BUILDING", "al-ls-chain", "2021-07-01", "流动供销致富车232辆，农产品销售2.89亿元"),
    ("al-ls-yl", "山区健康服务党建联建", "JOINT_BUILDING", "al-ls-chain", "2021-07-01", "山区农村巡回医疗"),
    ("al-ls-zc", "爱心助餐党建联建", "JOINT_BUILDING", "al-ls-chain", "2021-08-01", "流动爱心助餐"),
    ("al-ls-jt", "交通惠民党建联建", "JOINT_BUILDING", "al-ls-chain", "2021-08-01", ""),
    ("al-ls-ny", "农业农村党建联建", "JOINT_BUILDING", "al-ls-chain", "2021-08-01", ""),
    ("al-ls-st", "生态环境党建联建", "JOINT_BUILDING", "al-ls-chain", "2021-08-01", ""),
    ("al-ls-kssc", "\"跨山多联\"市卫健委—王村口镇结对", "PAIRING", "al-ls-yl", "2022-03-01", "城市机关联结偏远山区空心村"),
    ("al-ls-ksld", "\"跨山多联\"市供销社—老竹畲族镇结对", "PAIRING", "al-ls-gx", "2022-03-01", ""),
    ("al-ls-kssy", "\"跨山多联\"市民政局—四都乡结对", "PAIRING", "al-ls-zc", "2022-04-01", ""),
    ("al-sjz", "石家庄市直机关\"党建+业务\"联建", "JOINT_BUILDING", "", "2020-09-01", "73个市直单位、565名党务干部调研"),
    ("al-ly", "临沂市直机关智慧党建联合体", "CONSORTIUM", "", "2021-01-01", "临沂市直机关智慧党建平台、沂蒙机关党旗红"),
    ("al-nm", "森工\"红色引领绿色\"党建联建", "JOINT_BUILDING", "", "2020-05-01", "智慧林业，218项重点权力数字化"),
]
# (alliance, unit, role)
ALLIANCE_MEMBERS = [
    ("al-pt-szmm", "u-pt-jggw", "LEAD"), *[("al-pt-szmm", u, "MEMBER") for u in (
        "u-pt-minzheng", "u-pt-wglt", "u-pt-gaj", "u-pt-shangwu", "u-pt-weijian", "u-pt-tuanqw", "u-pt-fulian",
        "u-pt-canlian")],
    ("al-pt-zzzx", "u-pt-zzzx", "LEAD"), *[("al-pt-zzzx", u, "MEMBER") for u in (
        "u-pt-minzheng", "u-pt-gaj", "u-pt-xinfang", "u-pt-zhifa", "u-pt-canlian", "u-pt-dg")],
    ("al-pt-island", "u-pt-weijian", "LEAD"), *[("al-pt-island", u, "MEMBER") for u in (
        "u-pt-shangwu", "u-pt-dj", "u-pt-my", "u-pt-mzh", "u-pt-yysq")],
    ("al-ls-chain", "u-ls-gw", "LEAD"), ("al-ls-chain", "u-ls-zzb", "MEMBER"),
    ("al-ls-zw", "u-ls-zwb", "LEAD"), ("al-ls-zw", "u-ls-mzj", "MEMBER"), ("al-ls-zw", "u-ls-yh-gov", "MEMBER"),
    ("al-ls-gx", "u-ls-gxs", "LEAD"), ("al-ls-gx", "u-ls-nyj", "MEMBER"), ("al-ls-gx", "u-ls-jtj", "MEMBER"),
    ("al-ls-yl", "u-ls-wjw", "LEAD"), ("al-ls-yl", "u-ls-rmyy", "MEMBER"),
    ("al-ls-zc", "u-ls-mzj", "LEAD"), ("al-ls-zc", "u-ls-gxs", "MEMBER"),
    ("al-ls-jt", "u-ls-jtj", "LEAD"), ("al-ls-ny", "u-ls-nyj", "LEAD"), ("al-ls-st", "u-ls-sthj", "LEAD"),
    ("al-ls-kssc", "u-ls-wjw", "LEAD"), ("al-ls-kssc", "u-ls-sc-gov", "MEMBER"), ("al-ls-kssc", "u-ls-sc-v2", "MEMBER"),
    ("al-ls-ksld", "u-ls-gxs", "LEAD"), ("al-ls-ksld", "u-ls-ld-v2", "MEMBER"),
    ("al-ls-kssy", "u-ls-mzj", "LEAD"), ("al-ls-kssy", "u-ls-sy-v2", "MEMBER"),
    ("al-sjz", "u-sjz-gw", "LEAD"), *[("al-sjz", u, "MEMBER") for u in (
        "u-sjz-xcb", "u-sjz-gdb", "u-sjz-jtj", "u-sjz-spj", "u-sjz-dx", "u-sjz-swj")],
    ("al-ly", "u-ly-gw", "LEAD"), *[("al-ly", u, "MEMBER") for u in (
        "u-ly-dsj", "u-ly-czj", "u-ly-rsj", "u-ly-jyj", "u-ly-zwfw", "u-ly-tech")],
    ("al-nm", "u-nm-sg", "LEAD"), *[("al-nm", u, "MEMBER") for u in ("u-nm-blh", "u-nm-nm", "u-nm-de")],
]
# ---------------------------------------------------------------- brands: (id, name, unit, domains, launched, description)
BRANDS = [
    ("b-pt-dhys", "东海渔嫂", "u-pt-fulian", "助餐;养老", "2019-03-08", "渔嫂志愿服务海岛留守老人"),
    ("b-pt-ydhj", "渔都红警", "u-pt-gaj", "治安", "2018-07-01", "海岛警务党建品牌"),
    ("b-pt-gxyf", "党建+共享药房", "u-pt-weijian", "医疗", "2020-05-01", "离岛居民共享药房"),
    ("b-pt-cl", "党建+海岛菜篮子工程", "u-pt-shangwu", "供销", "2020-06-01", "保障离岛蔬菜供应"),
    ("b-pt-ptxf", "普陀先锋", "u-pt-jggw", "宣传", "2021-01-01", "机关党建数字平台"),
    ("b-pt-sbyz", "三比一展", "u-pt-jggw", "考评", "2021-04-01", "比学习、比服务、比实绩，展风采"),
    ("b-sjz-xcdjt", "宣传干部大讲堂", "u-sjz-xcb", "教育", "2019-09-01", ""),
    ("b-sjz-gjdzb", "攻坚党支部", "u-sjz-gdb", "交通", "2018-03-01", "轨道交通建设一线"),
    ("b-sjz-bbzr", "党员领导干部包保责任制", "u-sjz-jtj", "交通", "2019-01-01", ""),
    ("b-sjz-yzbyp", "一支部一品牌", "u-sjz-ycj", "宣传", "2019-06-01", ""),
    ("b-sjz-djyw", "\"党建+业务\"审批模式", "u-sjz-spj", "政务服务", "2020-01-01", ""),
    ("b-sjz-rrjwdk", "人人讲微党课", "u-sjz-ylj", "教育", "2019-07-01", ""),
    ("b-sjz-zjkt", "指尖课堂", "u-sjz-dx", "教育", "2020-03-01", ""),
    ("b-sjz-zhdj", "智慧党建APP", "u-sjz-swj", "宣传", "2020-07-01", ""),
    ("b-ls-djsef", "党建十二法", "u-ls-zzb", "基层治理", "2020-10-01", "阵地拓展法、民情地图法、抱团活动法、统筹造血法"),
    ("b-ls-ksdl", "跨山多联", "u-ls-gw", "基层治理", "2021-05-01", "市直机关联结山区乡村"),
    ("b-nm-zhly", "智慧林业", "u-nm-sg", "林业", "2020-01-01", "218项重点权力数字化"),
    ("b-nm-lhgh", "林海工会", "u-nm-sg", "工会服务", "2019-05-01", "职工满意度95.3%"),
    ("b-nm-dyxfg", "党员先锋岗", "u-nm-blh", "治安;林业", "2019-04-01", "森林防火与生态修复"),
    ("b-nm-hsyl", "红色引领绿色", "u-nm-sg", "林业", "2020-05-01", ""),
    ("b-ly-dqh", "沂蒙机关党旗红", "u-ly-gw", "宣传", "2019-10-01", "微学堂、微课堂、微党课"),
    ("b-ly-zhdj", "临沂市直机关智慧党建平台", "u-ly-dsj", "宣传", "2020-06-01", ""),
    ("b-yz-cz", "鄞州财政\"党建+理财\"", "u-yz-czj", "财会", "2020-01-01", ""),
]

# ---------------------------------------------------------------- resources: (id, name, kind, unit, area, capacity, description, shared via)
RESOURCES = [
    ("r-pt-xfhs", "本岛\"幸福会所\"", "VENUE", "u-pt-minzheng", "a-pt-sjm-c1", 120, "居家养老与党群活动阵地", ["al-pt-szmm"]),
    ("r-pt-hdyz", "离岛\"海岛驿站\"", "SERVICE_POST", "u-pt-minzheng", "a-pt-dj-i1", 30, "", ["al-pt-island", "al-pt-szmm"]),
    ("r-pt-dgxf", "东港街道\"幸福会所\"", "VENUE", "u-pt-dg", "a-pt-dg-c1", 80, "", ["al-pt-zzzx"]),
    ("r-pt-xfyj", "海岛\"幸福驿家\"", "SERVICE_POST", "u-pt-fulian", "a-pt-lh-i1", 25, "", ["al-pt-island"]),
    ("r-pt-myjd", "蚂蚁岛红色教育基地", "VENUE", "u-pt-my", "a-pt-my-i1", 300, "红色教育基地", ["al-pt-szmm", "al-pt-island"]),
    ("r-pt-ptxf", "\"普陀先锋\"平台", "PLATFORM", "u-pt-jggw", "a-pt", None, "", ["al-pt-szmm"]),
    ("r-pt-wjt", "线上微讲堂", "PLATFORM", "u-pt-jggw", "a-pt", None, "", ["al-pt-szmm"]),
    ("r-pt-12345", "12345政务服务热线平台", "PLATFORM", "u-pt-zzzx", "a-pt-dg", None, "", ["al-pt-zzzx"]),
    ("r-pt-paw", "平安网格指挥系统", "PLATFORM", "u-pt-zzzx", "a-pt-dg", None, "", ["al-pt-zzzx"]),
    ("r-pt-zhcg", "智慧城管指挥中心", "PLATFORM", "u-pt-zhifa", "a-pt-dg", None, "", ["al-pt-zzzx"]),
    ("r-pt-jws", "综治中心警务工作站", "VENUE", "u-pt-gaj", "a-pt-dg", 20, "", ["al-pt-zzzx"]),
    ("r-pt-xfjd", "信访接待大厅", "VENUE", "u-pt-xinfang", "a-pt-dg", 40, "", ["al-pt-zzzx"]),
    ("r-pt-zcyz", "助残服务驿站", "SERVICE_POST", "u-pt-canlian", "a-pt-sjm-c2", 15, "", ["al-pt-zzzx", "al-pt-szmm"]),
    ("r-pt-yljj", "巡回医疗船", "VEHICLE", "u-pt-weijian", "a-pt-dj", 1, "", ["al-pt-island"]),
    ("r-pt-ysdw", "渔嫂志愿者队伍", "TALENT", "u-pt-yysq", "a-pt-sjm", 60, "", ["al-pt-island"]),
    ("r-pt-qnzy", "青年志愿者人才库", "TALENT", "u-pt-tuanqw", "a-pt", 200, "", ["al-pt-szmm"]),
    ("r-pt-wlzd", "文化礼堂", "VENUE", "u-pt-wglt", "a-pt-zm-c1", 150, "", ["al-pt-szmm"]),
    ("r-pt-djjf", "党建联建专项经费", "FUND", "u-pt-jggw", "a-pt", None, "每年50万元", ["al-pt-szmm"]),
    ("r-pt-sjmhd", "沈家门街道党群服务中心", "VENUE", "u-pt-sjm", "a-pt-sjm", 100, "未纳入联建", []),
    ("r-ls-gxc", "流动供销致富车", "VEHICLE", "u-ls-gxs", "a-ls", 232, "232辆，农产品销售2.89亿元", ["al-ls-gx"]),
    ("r-ls-ylc", "山区巡回医疗车", "VEHICLE", "u-ls-wjw", "a-ls", 40, "", ["al-ls-yl"]),
    ("r-ls-zjzs", "市人民医院专家团队", "TALENT", "u-ls-rmyy", "a-ls-ld", 35, "", ["al-ls-yl", "al-ls-kssc"]),
    ("r-ls-zcc", "流动爱心助餐车", "VEHICLE", "u-ls-mzj", "a-ls", 18, "", ["al-ls-zc"]),
    ("r-ls-jjb", "\"就近办\"政务服务点", "SERVICE_POST", "u-ls-zwb", "a-ls", 120, "异地代办47.9万件", ["al-ls-zw"]),
    ("r-ls-djzd", "机关党建联建阵地", "VENUE", "u-ls-gw", "a-ls", 200, "链群共享", ["al-ls-chain"]),
    ("r-ls-lsjf", "链群共建经费", "FUND", "u-ls-gw", "a-ls", None, "", ["al-ls-chain"]),
    ("r-ls-mqdt", "民情地图系统", "PLATFORM", "u-ls-zzb", "a-ls", None, "党建十二法·民情地图法", ["al-ls-chain"]),
    ("r-ls-njzj", "农技专家服务队", "TALENT", "u-ls-nyj", "a-ls", 50, "", ["al-ls-ny", "al-ls-ksld"]),
    ("r-ls-kcjd", "王村口红色教育阵地", "VENUE", "u-ls-sc-gov", "a-ls-sc-wz", 80, "", ["al-ls-kssc"]),
    ("r-ls-stjc", "生态环境监测站", "PLATFORM", "u-ls-sthj", "a-ls-yh", None, "", []),
    ("r-sjz-djkt", "宣传干部大讲堂礼堂", "VENUE", "u-sjz-xcb", "a-sjz-ca", 400, "", ["al-sjz"]),
    ("r-sjz-zjkt", "指尖课堂平台", "PLATFORM", "u-sjz-dx", "a-sjz-ca", None, "", ["al-sjz"]),
    ("r-sjz-zhdj", "智慧党建APP", "PLATFORM", "u-sjz-swj", "a-sjz-qx", None, "", ["al-sjz"]),
    ("r-sjz-spzd", "审批服务党员先锋窗口", "SERVICE_POST", "u-sjz-spj", "a-sjz-ca", 12, "", ["al-sjz"]),
    ("r-sjz-ylzd", "园林局党员活动室", "VENUE", "u-sjz-ylj", "a-sjz-xh", 60, "", []),
    ("r-ly-djpt", "临沂市直机关智慧党建平台", "PLATFORM", "u-ly-dsj", "a-ly", None, "", ["al-ly"]),
    ("r-ly-rck", "市直机关党建网络人才数据库", "TALENT", "u-ly-rsj", "a-ly", 565, "拟建", ["al-ly"]),
    ("r-ly-wxt", "微学堂直播间", "VENUE", "u-ly-gw", "a-ly-ls", 50, "", ["al-ly"]),
    ("r-nm-zhly", "智慧林业系统", "PLATFORM", "u-nm-sg", "a-hlbe", None, "218项重点权力数字化", ["al-nm"]),
    ("r-nm-fhd", "森林防火扑救队", "TALENT", "u-nm-blh", "a-elc-f1", 80, "", ["al-nm"]),
    ("r-nm-fhc", "防火巡护车辆", "VEHICLE", "u-nm-nm", "a-elc-f2", 12, "", ["al-nm"]),
    ("r-yz-lcdt", "财政党建理财讲堂", "VENUE", "u-yz-czj", "a-yz-s1", 60, "", []),
]

# ---------------------------------------------------------------- services: (id, name, domain, alliance, brand, started, description, areas)
SERVICES = [
    ("s-ls-xhyl", "山区农村巡回医疗服务", "医疗", "al-ls-yl", "", "2021-09-01", "每月巡诊一次",
     ["a-ls-sc-wz", "a-ls-sy-sq-v1", "a-ls-sy-sq-v2", "a-ls-sy-sq-v3", "a-ls-ld-lq", "a-ls-jn-dj-v1", "a-ls-lq-ls-v1"]),
    ("s-ls-gxc", "流动供销致富车", "供销", "al-ls-gx", "", "2021-07-15", "232辆车，销售2.89亿元",
     ["a-ls-ld", "a-ls-sc", "a-ls-sy"]),
    ("s-ls-zc", "流动爱心助餐", "助餐", "al-ls-zc", "", "2021-10-01", "",
     ["a-ls-sy-sq", "a-ls-ld-fl", "a-ls-jn-dj"]),
    ("s-ls-jjb", "政务服务\"就近办\"", "政务服务", "al-ls-zw", "", "2021-07-01", "异地代办47.9万件", ["a-ls"]),
    ("s-ls-kssc", "\"跨山多联\"王村口健康驿站", "医疗", "al-ls-kssc", "", "2022-03-15", "", ["a-ls-sc-hz-v1"]),
    ("s-pt-xhyl", "离岛巡回医疗", "医疗", "al-pt-island", "", "2022-02-01", "",
     ["a-pt-dj-i1", "a-pt-dj-i2", "a-pt-my", "a-pt-bs-i1"]),
    ("s-pt-gxyf", "共享药房送药上岛", "医疗", "", "b-pt-gxyf", "2020-05-01", "", ["a-pt-lh", "a-pt-th"]),
    ("s-pt-dhys", "东海渔嫂助老助餐", "助餐", "", "b-pt-dhys", "2019-03-08", "", ["a-pt-sjm", "a-pt-dj", "a-pt-xz-i1"]),
    ("s-pt-ydhj", "渔都红警海岛巡防", "治安", "", "b-pt-ydhj", "2018-07-01", "", ["a-pt"]),
    ("s-pt-cl", "海岛菜篮子配送", "供销", "", "b-pt-cl", "2020-06-01", "", ["a-pt-dj", "a-pt-bs", "a-pt-xz"]),
    ("s-pt-12345", "12345便民服务", "政务服务", "al-pt-zzzx", "", "2021-06-18", "", ["a-pt"]),
    ("s-pt-paw", "平安网格巡查", "治安", "al-pt-zzzx", "", "2021-06-18", "", ["a-pt-sjm", "a-pt-dg", "a-pt-zjj"]),
    ("s-pt-wh", "文化下岛", "文化", "al-pt-szmm", "", "2021-09-01", "", ["a-pt-dj-i1", "a-pt-lh"]),
    ("s-sjz-sp", "\"党建+业务\"审批服务", "政务服务", "", "b-sjz-djyw", "2020-01-01", "", ["a-sjz"]),
    ("s-sjz-jt", "轨道交通攻坚便民服务", "交通", "", "b-sjz-gjdzb", "2019-01-01", "", ["a-sjz-qx", "a-sjz-ca"]),
    ("s-ly-zw", "临沂政务服务\"一网通办\"", "政务服务", "al-ly", "", "2021-03-01", "", ["a-ly-ls", "a-ly-hd"]),
    ("s-ly-wdk", "微党课进社区", "教育", "", "b-ly-dqh", "2020-01-01", "", ["a-ly-ls-c1", "a-ly-ls-c2", "a-ly-hd-c1"]),
    ("s-nm-fh", "森林防火先锋岗", "治安", "", "b-nm-dyxfg", "2019-04-01", "", ["a-elc-f1", "a-elc-f2", "a-elc-f3"]),
    ("s-nm-gh", "林海工会职工服务", "工会服务", "", "b-nm-lhgh", "2019-05-01", "职工满意度95.3%", ["a-elc"]),
    ("s-nm-yl", "林区巡回医疗", "医疗", "al-nm", "", "2021-06-01", "", ["a-elc-f1", "a-elc-f2"]),
    ("s-yz-lc", "财政政策进社区", "政务服务", "", "b-yz-cz", "2020-03-01", "", ["a-yz-s1"]),
]

SKILLS = ["医疗", "法律", "宣传", "数据分析", "心理咨询", "驾驶", "摄影", "财会", "农技", "电商", "消防", "翻译",
          "党务", "社会工作", "网格管理"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国海燕晓红志文斌浩宇欣怡佳琪"


def organizations() -> list[list]:
    """Every unit: a top organization (党组 for agencies, 党委 otherwise) and branches; some groups."""
    rows: list[list] = []
    for uid, name, kind, *_ in UNITS:
        short = uid.removeprefix("u-")
        small = kind in ("VILLAGE_COMMITTEE", "SOCIAL_ORG", "ENTERPRISE")
        if small:
            rows.append([f"o-{short}", f"{name}党支部", "BRANCH", uid, "", "2015-07-01"])
            continue
        top_kind = "AGENCY_COMMITTEE" if kind == "AGENCY" else "COMMITTEE"
        top_name = f"{name}机关党委" if kind == "AGENCY" else f"{name}党委"
        rows.append([f"o-{short}", top_name, top_kind, uid, "", "2010-07-01"])
        branches = 1 if kind in ("TOWNSHIP_GOV", "CENTER") else rng.choice([1, 2, 2])
        for b in range(1, branches + 1):
            rows.append([f"o-{short}-b{b}", f"{name}第{'一二三'[b - 1]}党支部", "BRANCH", uid, f"o-{short}", "2012-07-01"])
            if b == 1 and rng.random() < 0.4:
                rows.append([f"o-{short}-b{b}-g1", f"{name}嵌入式党小组", "GROUP", uid, f"o-{short}-b{b}", "2019-07-01"])
    rows.append(["o-pt-zzzx-jg", "综治中心机关党支部", "JOINT_BRANCH", "u-pt-zzzx;u-pt-gaj;u-pt-xinfang;u-pt-zhifa",
                 "o-pt-zzzx", "2021-07-01"])
    rows.append(["o-pt-zzzx-jg-g1", "12345窗口嵌入式兼合式党小组", "GROUP", "u-pt-zzzx", "o-pt-zzzx-jg", "2021-09-01"])
    rows.append(["o-pt-jggw-dz", "普陀区委区直机关工委党总支", "GENERAL_BRANCH", "u-pt-jggw", "o-pt-jggw", "2011-07-01"])
    return rows


def members(orgs: list[list]) -> tuple[list[list], list[list]]:
    """~600 invented members spread over the branches, ~30 stationed at the 综治中心; positions."""
    unit_of = {o[0]: o[3].split(";")[0] for o in orgs}
    leaf_orgs = [o[0] for o in orgs if o[2] in ("BRANCH", "JOINT_BRANCH", "GROUP", "GENERAL_BRANCH")]
    rows: list[list] = []
    by_org: dict[str, list[str]] = {}
    seq = 0
    for org in leaf_orgs + [o[0] for o in orgs if o[0] not in leaf_orgs]:
        for _ in range(rng.randint(3, 8) if org in leaf_orgs else 2):
            seq += 1
            mid = f"m-{seq:04d}"
            unit = unit_of[org]
            stationed = ""
            if unit in ("u-pt-gaj", "u-pt-xinfang", "u-pt-zhifa", "u-pt-minzheng") and rng.random() < 0.5:
                stationed = "u-pt-zzzx"
            skills = ";".join(rng.sample(SKILLS, rng.choice([0, 1, 1, 2, 3])))
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
            rows.append([mid, name, "PROBATIONARY" if rng.random() < 0.07 else "FULL", org, unit, stationed,
                         f"{rng.randint(1985, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", skills,
                         "true" if rng.random() < 0.1 else "false", f"1380000{seq:04d}"])
            by_org.setdefault(org, []).append(mid)
    positions: list[list] = []
    for org, mids in by_org.items():
        positions.append([mids[0], org, "SECRETARY", "2021-01-01"])
        if len(mids) > 2:
            positions.append([mids[1], org, "DEPUTY_SECRETARY", "2021-01-01"])
            positions.append([mids[2], org, "COMMITTEE_MEMBER", "2021-01-01"])
    return rows, positions


def write(name: str, header: list[str], rows: list[list]) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in row]
                         for row in rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    build_areas()
    pops = {a[0]: rng.randint(300, 9000) if a[2] in ("VILLAGE", "ISLAND", "COMMUNITY", "GRID") else None for a in AREAS}
    write("areas.csv", ["id", "name", "kind", "parent_id", "population", "remote"],
          [[a[0], a[1], a[2], a[3], pops[a[0]], a[4]] for a in AREAS])
    write("units.csv", ["id", "name", "kind", "level", "area_id", "parent_id"], [list(u) for u in UNITS])
    orgs = organizations()
    write("organizations.csv", ["id", "name", "kind", "unit_ids", "parent_id", "founded"], orgs)
    member_rows, positions = members(orgs)
    write("members.csv", ["id", "name", "status", "organization_id", "unit_id", "stationed_unit_id", "joined",
                          "skills", "cadre", "phone"], member_rows)
    write("positions.csv", ["member_id", "organization_id", "role", "since"], positions)
    org_of = {o[3].split(";")[0]: o[0] for o in reversed(orgs)}
    write("brands.csv", ["id", "name", "unit_id", "organization_id", "domains", "launched", "description"],
          [[b[0], b[1], b[2], org_of[b[2]] if i % 3 == 0 else "", b[3], b[4], b[5]] for i, b in enumerate(BRANDS)])
    write("alliances.csv", ["id", "name", "model", "parent_id", "founded", "description"], [list(a) for a in ALLIANCES])
    write("alliance_members.csv", ["alliance_id", "unit_id", "role", "since"],
          [[a, u, r, "2021-07-01"] for a, u, r in ALLIANCE_MEMBERS])
    write("resources.csv", ["id", "name", "kind", "unit_id", "area_id", "capacity", "description"],
          [list(r[:7]) for r in RESOURCES])
    write("resource_shares.csv", ["resource_id", "alliance_id", "since"],
          [[r[0], al, "2021-09-01"] for r in RESOURCES for al in r[7]])
    write("services.csv", ["id", "name", "domain", "alliance_id", "brand_id", "started", "description"],
          [list(s[:7]) for s in SERVICES])
    write("service_areas.csv", ["service_id", "area_id", "since"],
          [[s[0], area, s[5]] for s in SERVICES for area in s[7]])


if __name__ == "__main__":
    main()
