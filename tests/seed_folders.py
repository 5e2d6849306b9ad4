"""Small seed folders written by tests: a helper to lay out CSV files, and a tiny valid graph."""

from __future__ import annotations

from pathlib import Path

TINY = {
    "areas.csv": "id,name,kind,parent_id,population,remote\n"
                 "a1,浙江省,省,,,\n"
                 "a2,舟山市,CITY,a1,1000,否\n"
                 "a3,东极岛,ISLAND,a2,300,是\n",
    "units.csv": "id,name,kind,level,area_id,parent_id\n"
                 "u1,民政局,机关,区县级,a2,\n"
                 "u2,公安分局,AGENCY,DISTRICT,a2,u1\n"
                 "u3,东极镇,TOWNSHIP_GOV,TOWNSHIP,a3,\n",
    "organizations.csv": "id,name,kind,unit_ids,parent_id,founded\n"
                         "o1,民政局机关党委,机关党委,u1,,2010-07-01\n"
                         "o2,联合党支部,JOINT_BRANCH,u1;u2,o1,2021-07-01\n",
    "members.csv": "id,name,status,organization_id,unit_id,stationed_unit_id,joined,skills,cadre,phone\n"
                   "m1,张三,正式党员,o2,u1,u2,2001-07-01,医疗;法律,是,13800001111\n"
                   "m2,李四,PROBATIONARY,o2,u2,,,,,\n",
    "positions.csv": "member_id,organization_id,role,since\nm1,o2,书记,2021-07-01\n",
    "brands.csv": "id,name,unit_id,organization_id,domains,launched,description\n"
                  "b1,渔都红警,u2,o2,治安,2018-07-01,海岛警务\n",
    "alliances.csv": "id,name,model,parent_id,founded,description\n"
                     "al1,综治联合体,党建联合体,,2021-06-18,\n"
                     "al2,离岛结对,PAIRING,al1,,\n",
    "alliance_members.csv": "alliance_id,unit_id,role,since\nal1,u1,牵头单位,2021-06-18\nal1,u2,MEMBER,\nal2,u3,LEAD,\n",
    "resources.csv": "id,name,kind,unit_id,area_id,capacity,description\n"
                     "r1,幸福会所,阵地,u1,a2,120,\nr2,警务室,VENUE,u2,,,\n",
    "resource_shares.csv": "resource_id,alliance_id,since\nr1,al1,2022-01-01\n",
    "services.csv": "id,name,domain,alliance_id,brand_id,started,description\n"
                    "s1,巡回医疗,医疗,al2,,2022-02-01,\ns2,海岛巡防,治安,,b1,,\n",
    "service_areas.csv": "service_id,area_id,since\ns1,a2,\ns2,a3,\n",
}


def write_folder(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder
