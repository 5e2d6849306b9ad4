"""Who may see and do what: role checks for resolvers, and the masking of personal data.

Masking happens here, in the API, so a viewer's response never carries a member's phone number
or full name, whatever the front-end shows.
"""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from api.auth import Principal
from api.errors import Forbidden, Unauthenticated
from locales import tr

PERSONAL_ROLE = "editor"  # the least role that sees members' personal data unmasked


def principal_of(info: Info[Any, Any]) -> Principal:
    return info.context.principal


def require(info: Info[Any, Any], role: str, action: str) -> Principal:
    principal = principal_of(info)
    if principal.role is None:
        raise Unauthenticated(tr("{action} needs an API key: send Authorization: Bearer <key>", action=action))
    if not principal.at_least(role):
        raise Forbidden(tr("{action} needs the {role} role; this request has {current}", action=action, role=role,
                           current=principal.role), role=role)
    return principal


def sees_personal_data(info: Info[Any, Any]) -> bool:
    return principal_of(info).at_least(PERSONAL_ROLE)


def check_filter(info: Info[Any, Any], label: str, filter_input: Any) -> None:
    """Refuses a filter that would reveal personal data to a role that does not see it: matching
    members by name tells a viewer the names the masking hides (lists and aggregates alike)."""
    if label == "Member" and filter_input is not None and filter_input.name_contains and not sees_personal_data(info):
        raise Forbidden(tr("filtering members by name needs the {role} role", role=PERSONAL_ROLE), role=PERSONAL_ROLE)


def check_order(info: Info[Any, Any], label: str, field: str) -> None:
    """Refuses to sort members by name for a role that sees them masked: the order tells the names apart."""
    if label == "Member" and field == "NAME" and not sees_personal_data(info):
        raise Forbidden(tr("ordering members by name needs the {role} role", role=PERSONAL_ROLE), role=PERSONAL_ROLE)


def mask_phone(phone: str | None) -> str | None:
    """138****5678: enough to tell numbers apart, not enough to call."""
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_head = 3 if len(digits) >= 8 else 0
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def mask_name(name: str) -> str:
    """张**: the surname stays, as on public notices."""
    return name[:1] + "*" * max(len(name) - 1, 1)
