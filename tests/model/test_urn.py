import pytest
from pydantic import BaseModel

from harmonise.model import Urn, UrnError, safe_id, version_key


def test_parse_and_format_round_trip():
    urn = Urn.parse("URN:DDI:org.example.migreg:CL-REL-EC.C07:1.0.0")
    assert (urn.agency, urn.id, urn.version) == ("org.example.migreg", "CL-REL-EC.C07", "1.0.0")
    assert str(urn) == "urn:ddi:org.example.migreg:CL-REL-EC.C07:1.0.0"
    assert Urn.parse(str(urn)) == urn


@pytest.mark.parametrize(
    "text",
    ["", "urn:ddi:", "urn:ddi:agency:id", "urn:isbn:123", "urn:ddi:a b:id:1", "urn:ddi:a:id:v1"],
)
def test_rejects_malformed(text):
    with pytest.raises(UrnError):
        Urn.parse(text)


def test_unversioned_allowed_when_asked():
    urn = Urn.parse("urn:ddi:org.example.migreg:V-EC-P03", require_version=False)
    assert not urn.is_pinned
    assert urn.with_version("2.0.0").is_pinned


def test_child_is_deterministic_and_valid():
    base = Urn("org.example.migreg", "CL-REL", "1.0.0")
    assert str(base.child("07")) == "urn:ddi:org.example.migreg:CL-REL.07:1.0.0"
    assert str(base.child("07").child("a b")) == "urn:ddi:org.example.migreg:CL-REL.07-a-b:1.0.0"


def test_pydantic_field_round_trip():
    class Holder(BaseModel):
        urn: Urn

    h = Holder.model_validate({"urn": "urn:ddi:a.b:X:1.2"})
    assert h.model_dump(mode="json") == {"urn": "urn:ddi:a.b:X:1.2"}
    assert Holder.model_validate_json(h.model_dump_json()) == h


def test_safe_id_and_version_key():
    assert safe_id("p 03/ñ") == "p-03"
    assert version_key("1.10.0") > version_key("1.9.3")
