"""Content definitions and generators of the programme registry (issue 3).

Everything here is deterministic: the content is Python data, and the synthetic microdata come
from a seeded random generator. ``tools/registry/generate.py`` writes registry/ and vocabularies/.
All study content is ILLUSTRATIVE and SYNTHETIC: no national statistics office published it.
"""
