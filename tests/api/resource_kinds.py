"""The item kinds the API lists at ``/api/v1/<kind>``, shared by the API tests."""

KINDS = (
    "studies",
    "variables",
    "questions",
    "code-lists",
    "concepts",
    "concept-schemes",
    "core-variables",
    "crosswalks",
    "figures",
)
