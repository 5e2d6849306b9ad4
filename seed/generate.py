"""Deterministic synthetic seed folders at any scale, in the CSV format of SPEC §3.

Everything scales with the number of units N: ~3 areas, ~2 organizations and ~12 members per
unit, N/8 alliances (with 链群 chains three deep), N/2 resources, N/4 brands, N/10 services. The
same (N, seed) gives byte-identical files: one random.Random, no set iteration, no clock.
Some units join no alliance and some areas no service reaches, so every analytic question has
answers of both kinds.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

SKILLS = ["医疗", "法律", "宣传", "数据分析", "心理咨询", "驾驶", "摄影", "财会", "农技", "电商", "消防", "翻译", "教育", "养老护理", "网格管理"]
DOMAINS = ["医疗", "助餐", "供销", "政务服务", "治安", "教育", "养老"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲"
UNIT_KINDS = ["AGENCY", "SOE", "INSTITUTION", "TOWNSHIP_GOV", "VILLAGE_COMMITTEE", "CENTER", "SOCIAL_ORG", "ENTERPRISE"]
LEVELS = ["CITY", "DISTRICT", "TOWNSHIP", "VILLAGE"]
MODELS = ["JOINT_BUILDING", "CONSORTIUM", "PAIRING", "CHAIN"]
RESOURCE_KINDS = ["VENUE", "TALENT", "FUND", "VEHICLE", "PLATFORM", "SERVICE_POST"]
ROLES = ["DEPUTY_SECRETARY", "COMMITTEE_MEMBER", "GROUP_LEADER"]

HEADERS = {
    "areas.csv": ["id", "name", "kind", "parent_id", "population", "remote"],
    "units.csv": ["id", "name", "kind", "level", "area_id", "parent_id"],
    "organizations.csv": ["id", "name", "kind", "unit_ids", "parent_id", "founded"],
    "members.csv": ["id", "name", "status", "organization_id", "unit_id", "stationed_unit_id", "joined", "skills", "cadre", "phone"],
    "positions.csv": ["member_id", "organization_id", "role", "since"],
    "brands.csv": ["id", "name", "unit_id", "organization_id", "domains", "launched", "description"],
    "alliances.csv": ["id", "name", "model", "parent_id", "founded", "description"],
    "alliance_members.csv": ["alliance_id", "unit_id", "role", "since"],
    "resources.csv": ["id", "name", "kind", "unit_id", "area_id", "capacity", "description"],
    "resource_shares.csv": ["resource_id", "alliance_id", "since"],
    "services.csv": ["id", "name", "domain", "alliance_id", "brand_id", "started", "description"],
    "service_areas.csv": ["service_id", "area_id", "since"],
}


class Generator:
    def __init__(self, units: int, seed: int) -> None:
        self.n = units
        self.rng = random.Random(seed)

    def date(self, first_year: int = 2005) -> str:
        return f"{self.rng.randint(first_year, 2024)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.randint(1, 2)))

    def areas(self) -> Iterator[list]:
        """province -> cities -> districts -> townships -> villages/communities/islands -> grids."""
        target = max(12, self.n * 3)
        self.area_ids: list[str] = []
        self.leaf_areas: list[str] = []
        counter = iter(range(1, 10**9))

        def emit(kind: str, name: str, parent: str, remote: bool = False) -> list:
            aid = f"a{next(counter):06d}"
            self.area_ids.append(aid)
            return [aid, name, kind, parent, self.rng.randint(100, 90000), "true" if remote else "false"]

        province = emit("PROVINCE", "合成省", "")
        yield province
        districts: list[str] = []
        for c in range(max(1, target // 400)):
            city = emit("CITY", f"第{c + 1}市", province[0])
            yield city
            for d in range(4):
                row = emit("DISTRICT", f"{city[1]}第{d + 1}区", city[0])
                districts.append(row[0])
                yield row
        while len(self.area_ids) < target:
            township = emit("TOWNSHIP", f"第{len(self.area_ids)}镇", self.rng.choice(districts))
            yield township
            for v in range(self.rng.randint(3, 8)):
                kind = self.rng.choice(["VILLAGE", "VILLAGE", "COMMUNITY", "ISLAND"])
                remote = kind in ("VILLAGE", "ISLAND") and self.rng.random() < 0.35
                village = emit(kind, f"{township[1]}{v + 1}{'岛' if kind == 'ISLAND' else '村'}", township[0], remote)
                self.leaf_areas.append(village[0])
                yield village
                if self.rng.random() < 0.2:
                    grid = emit("GRID", f"{village[1]}网格", village[0])
                    self.leaf_areas.append(grid[0])
                    yield grid

    def units(self) -> Iterator[list]:
        self.unit_ids = [f"u{i:06d}" for i in range(1, self.n + 1)]
        for i, uid in enumerate(self.unit_ids):
            parent = self.unit_ids[self.rng.randrange(i)] if i and self.rng.random() < 0.6 else ""
            area = self.rng.choice(self.area_ids) if self.rng.random() < 0.9 else ""
            yield [uid, f"第{i + 1}单位", self.rng.choice(UNIT_KINDS), self.rng.choice(LEVELS), area, parent]

    def organizations(self) -> Iterator[list]:
        """Per unit a committee with branches, some with groups; a few joint branches."""
        self.org_ids: list[str] = []
        self.branches: list[tuple[str, str]] = []  # (org id, unit id)
        counter = iter(range(1, 10**9))
        for uid in self.unit_ids:
            top = f"o{next(counter):07d}"
            self.org_ids.append(top)
            yield [top, f"{uid}党委", "COMMITTEE", uid, "", self.date(1990)]
            for _ in range(self.rng.choice([0, 1, 1, 2])):
                branch = f"o{next(counter):07d}"
                self.org_ids.append(branch)
                units = uid
                kind = "BRANCH"
                if self.rng.random() < 0.05:
                    kind, units = "JOINT_BRANCH", f"{uid};{self.rng.choice(self.unit_ids)}"
                self.branches.append((branch, uid))
                yield [branch, f"{uid}第{len(self.org_ids)}支部", kind, units, top, self.date(1995)]
                if self.rng.random() < 0.3:
                    group = f"o{next(counter):07d}"
                    self.org_ids.append(group)
                    self.branches.append((group, uid))
                    yield [group, f"{uid}党小组{len(self.org_ids)}", "GROUP", uid, branch, self.date(2000)]
        self.unit_orgs: dict[str, list[str]] = {}
        for org, uid in self.branches:
            self.unit_orgs.setdefault(uid, []).append(org)

    def members(self) -> Iterator[list]:
        self.member_org: list[tuple[str, str]] = []
        for i in range(1, self.n * 12 + 1):
            mid = f"m{i:08d}"
            uid = self.rng.choice(self.unit_ids)
            org = self.rng.choice(self.unit_orgs.get(uid) or self.org_ids)
            self.member_org.append((mid, org))
            stationed = self.rng.choice(self.unit_ids) if self.rng.random() < 0.05 else ""
            skills = ";".join(self.rng.sample(SKILLS, self.rng.choice([0, 1, 1, 2, 3])))
            yield [
                mid, self.person(), "PROBATIONARY" if self.rng.random() < 0.08 else "FULL", org,
                uid if self.rng.random() < 0.95 else "", stationed, self.date(1980), skills,
                "true" if self.rng.random() < 0.1 else "false", f"139{self.rng.randint(0, 99999999):08d}",
            ]

    def positions(self) -> Iterator[list]:
        by_org: dict[str, list[str]] = {}
        for mid, org in self.member_org:
            by_org.setdefault(org, []).append(mid)
        for org in self.org_ids:
            members = by_org.get(org, [])
            if not members or self.rng.random() < 0.15:
                continue
            chosen = self.rng.sample(members, min(len(members), self.rng.randint(1, 4)))
            secretaries = 2 if len(chosen) > 2 and self.rng.random() < 0.05 else 1
            for k, mid in enumerate(chosen):
                role = "SECRETARY" if k < secretaries else self.rng.choice(ROLES)
                yield [mid, org, role, self.date(2010)]

    def brands(self) -> Iterator[list]:
        self.brand_ids = []
        for i in range(1, max(2, self.n // 4) + 1):
            bid = f"b{i:06d}"
            self.brand_ids.append(bid)
            uid = self.rng.choice(self.unit_ids)
            org = self.rng.choice(self.unit_orgs[uid]) if self.unit_orgs.get(uid) and self.rng.random() < 0.5 else ""
            domains = ";".join(self.rng.sample(DOMAINS, self.rng.randint(1, 2)))
            yield [bid, f"党建+品牌{i}", uid, org, domains, self.date(2012), f"合成品牌 {i}"]

    def alliances(self) -> Iterator[list]:
        """Top alliances of every model; CHAINs get sub-alliances and sub-sub-alliances."""
        self.alliance_ids: list[str] = []
        counter = iter(range(1, 10**9))
        while len(self.alliance_ids) < max(4, self.n // 8):
            model = MODELS[len(self.alliance_ids) % len(MODELS)]
            top = f"al{next(counter):06d}"
            self.alliance_ids.append(top)
            yield [top, f"联建{len(self.alliance_ids)}", model, "", self.date(2015), ""]
            if model != "CHAIN":
                continue
            for _ in range(self.rng.randint(2, 4)):
                sub = f"al{next(counter):06d}"
                self.alliance_ids.append(sub)
                yield [sub, f"{top}子联建", "JOINT_BUILDING", top, self.date(2016), ""]
                if self.rng.random() < 0.5:
                    leaf = f"al{next(counter):06d}"
                    self.alliance_ids.append(leaf)
                    yield [leaf, f"{sub}结对", "PAIRING", sub, self.date(2017), ""]

    def alliance_members(self) -> Iterator[list]:
        joined: list[tuple[str, str]] = []
        for uid in self.unit_ids:
            count = self.rng.choice([0, 1, 1, 2, 2, 3, 4, 1, 2, 1])
            for aid in sorted(set(self.rng.choice(self.alliance_ids) for _ in range(count))):
                joined.append((aid, uid))
        joined.sort()
        last = None
        for aid, uid in joined:
            yield [aid, uid, "LEAD" if aid != last else "MEMBER", self.date(2016)]
            last = aid

    def resources(self) -> Iterator[list]:
        self.resource_ids = []
        for i in range(1, max(2, self.n // 2) + 1):
            rid = f"r{i:06d}"
            self.resource_ids.append(rid)
            kind = self.rng.choice(RESOURCE_KINDS)
            area = self.rng.choice(self.area_ids) if self.rng.random() < 0.8 else ""
            yield [rid, f"{kind}资源{i}", kind, self.rng.choice(self.unit_ids), area, self.rng.randint(1, 500), ""]

    def resource_shares(self) -> Iterator[list]:
        for rid in self.resource_ids:
            for aid in sorted(set(self.rng.choice(self.alliance_ids) for _ in range(self.rng.choice([0, 1, 1, 2, 3])))):
                yield [rid, aid, self.date(2018)]

    def services(self) -> Iterator[list]:
        self.service_ids = []
        for i in range(1, max(2, self.n // 10) + 1):
            sid = f"s{i:06d}"
            self.service_ids.append(sid)
            alliance, brand = (self.rng.choice(self.alliance_ids), "") if self.rng.random() < 0.6 else ("", self.rng.choice(self.brand_ids))
            yield [sid, f"服务项目{i}", self.rng.choice(DOMAINS), alliance, brand, self.date(2018), ""]

    def service_areas(self) -> Iterator[list]:
        leaves = set(self.leaf_areas)
        inner = [a for a in self.area_ids if a not in leaves]
        for sid in self.service_ids:
            pool = inner if self.rng.random() < 0.3 else self.leaf_areas or self.area_ids
            for area in sorted(set(self.rng.choice(pool) for _ in range(self.rng.randint(1, 5)))):
                yield [sid, area, self.date(2019)]


def write_synthetic(outdir: Path, units: int, seed: int = 0) -> dict[str, int]:
    """Write the twelve files; returns data rows per file."""
    if units < 1:
        raise ValueError("units must be at least 1")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    gen = Generator(units, seed)
    rows: dict[str, int] = {}
    for name, header in HEADERS.items():
        producer = getattr(gen, name.removesuffix(".csv"))
        rows[name] = _write(outdir / name, header, producer())
    return rows


def _write(path: Path, header: list[str], rows: Iterable[list]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
