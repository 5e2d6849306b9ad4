"""Small seed folders written by tests: helpers to lay out CSV files and Excel workbooks, a tiny
valid graph, and the graph a store holds after a seed (to compare two ways of seeding it)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl

from graph.batch import arrow_schema, edge_columns
from graph.bulk import BulkLoader
from graph.model import NODE_PROPERTIES, RELATIONSHIPS
from seed import fields
from seed.rowschema import FILES_BY_NAME

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


def csv_rows(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content, newline="")))


def typed_rows(file: str, content: str) -> list[list[Any]]:
    """A CSV file's records as Excel would type them: dates as dates, counts as numbers (floats, as
    Excel stores every number), booleans as booleans, and phone numbers typed in as numbers."""
    header, *records = csv_rows(content)
    columns = {c.name: c for c in FILES_BY_NAME[file].columns}
    typed: list[list[Any]] = [header]
    for record in records:
        row: list[Any] = []
        for name, text in zip(header, record):
            column = columns.get(name)
            if not text or column is None:
                row.append(text or None)
            elif column.parse is fields.date:
                row.append(dt.date.fromisoformat(text))
            elif column.parse is fields.count or (name == "phone" and text.isdigit()):
                row.append(float(text))
            elif column.parse is fields.boolean:
                row.append(fields.boolean(text))
            else:
                row.append(text)
        typed.append(row)
    return typed


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """One workbook, a sheet per entry, the rows as given (None is an empty cell, [] an empty row)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


async def graph_of(store: Any) -> dict[str, list[Any]]:
    """Every node's seeded properties and every relationship, as sorted rows."""
    assert isinstance(store, BulkLoader)
    found: dict[str, list[Any]] = {}
    for label in NODE_PROPERTIES:
        rows = (await store.write_table(f"stored_{label.lower()}", arrow_schema(NODE_PROPERTIES[label]))).to_pylist()
        found[label] = sorted(rows, key=lambda r: r["id"])
    for rel in RELATIONSHIPS:
        rows = (await store.write_table(f"stored_{rel.slug}", arrow_schema(edge_columns(rel)))).to_pylist()
        found[rel.slug] = sorted(rows, key=lambda r: (r["source"], r["target"]))
    return found
