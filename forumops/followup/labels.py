"""The follow-up's fixed code lists and their labels, marked for translation.

Codes are stored; labels are shown. The challenge list is the one the Mekong Institute's synthesis and
evaluation workshop (2017) drew from its participants' action plans, so counts across forums compare.
"""

from __future__ import annotations

from ..core.i18n import lazy_gettext as _l

PLAN_STATUSES = ("not_started", "on_track", "at_risk", "done", "dropped")
CLOSED_STATUSES = frozenset({"done", "dropped"})
OPEN_STATUSES = tuple(s for s in PLAN_STATUSES if s not in CLOSED_STATUSES)
# What an owner may say in a progress report (a plan is not "not started" once someone reports on it).
REPORTED_STATUSES = ("on_track", "at_risk", "done")

PLAN_STATUS_LABELS = {
    "not_started": _l("Not started"),
    "on_track": _l("On track"),
    "at_risk": _l("At risk"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}

OWNER_KINDS = ("participant", "organisation")
OWNER_KIND_LABELS = {"participant": _l("Participant"), "organisation": _l("Organisation")}

# "number" is a count or an amount (never below zero); "percent" a share from 0 to 100.
INDICATOR_KINDS = ("number", "percent", "yes_no")
INDICATOR_KIND_LABELS = {"number": _l("Count or amount"), "percent": _l("Percentage"), "yes_no": _l("Yes or no")}
NUMERIC_KINDS = ("number", "percent")
INDICATOR_BOUNDS = {"number": (0.0, 1e12), "percent": (0.0, 100.0)}  # inclusive; also CHECK constraints

# Challenges, and the areas where owners ask for support: one list, so the two can be compared. Each forum's
# organisers choose the categories its owners see (FollowupSettings.challenge_categories) from this catalogue;
# "other" is always offered.
EVALUATION_WORKSHOP_CHALLENGES = (
    "product_quality", "production_technology", "value_addition", "production_cost", "finance",
    "human_resources", "sales_marketing", "export_procedures", "market_identification", "business_data",
)
POLICY_DIALOGUE_CHALLENGES = (
    "policy_regulation", "coordination", "finance", "human_resources", "stakeholder_engagement", "awareness",
    "data_evidence", "infrastructure",
)
CHALLENGE_PRESETS = {"evaluation_workshop": EVALUATION_WORKSHOP_CHALLENGES,
                     "policy_dialogue": POLICY_DIALOGUE_CHALLENGES}
CHALLENGE_PRESET_LABELS = {
    "evaluation_workshop": _l("Evaluation workshop (SMEs and export: the Mekong Institute's 2017 list)"),
    "policy_dialogue": _l("Policy dialogue (government, agencies, civil society)"),
}
CHALLENGES = (
    *EVALUATION_WORKSHOP_CHALLENGES,
    *(code for code in POLICY_DIALOGUE_CHALLENGES if code not in EVALUATION_WORKSHOP_CHALLENGES),
    "other",
)
CHALLENGE_LABELS = {
    "product_quality": _l("Product quality"),
    "production_technology": _l("Farming and production technologies"),
    "value_addition": _l("Value addition"),
    "production_cost": _l("Production cost"),
    "finance": _l("Finance"),
    "human_resources": _l("Human resources"),
    "sales_marketing": _l("Sales and marketing"),
    "export_procedures": _l("Export procedures"),
    "market_identification": _l("Identifying regional and global markets"),
    "business_data": _l("Business data profiling"),
    "policy_regulation": _l("Policy and regulation"),
    "coordination": _l("Coordination between agencies"),
    "stakeholder_engagement": _l("Engaging stakeholders"),
    "awareness": _l("Awareness and information"),
    "data_evidence": _l("Data and evidence"),
    "infrastructure": _l("Infrastructure"),
    "other": _l("Other"),
}

ACHIEVEMENTS = (
    "product_certification", "package_design", "equipment", "brochure", "business_profiles", "new_market",
    "training", "other",
)
ACHIEVEMENT_LABELS = {
    "product_certification": _l("Product certification obtained"),
    "package_design": _l("New product package design"),
    "equipment": _l("Production equipment bought"),
    "brochure": _l("Product brochure made"),
    "business_profiles": _l("Business profiles collected"),
    "new_market": _l("New buyers or markets reached"),
    "training": _l("Training or coaching given"),
    "other": _l("Other"),
}

# What became of a previous edition's recommendation or action plan.
OUTCOMES = ("implemented", "in_progress", "partly", "not_implemented", "unknown")
OUTCOME_LABELS = {
    "implemented": _l("Implemented"),
    "in_progress": _l("In progress"),
    "partly": _l("Partly implemented"),
    "not_implemented": _l("Not implemented"),
    "unknown": _l("Not known yet"),
}
