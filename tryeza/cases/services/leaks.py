"""The leak guard: does a text meant for people outside the case team name a person in a
case? Checked through the blind index, so nothing is decrypted."""

from tryeza.cases.crypto import blind_index, name_tokens
from tryeza.cases.models import IdentityIndex


def text_names_a_person(text: str, *, region_id: int | None) -> bool:
    """True when a word of the text is a name part of a person in a case of the region
    (of any region for a national structure, ``region_id=None``). Words are compared after
    the same normalisation as names (case, diacritics, endings)."""
    digests = {blind_index("name", token) for token in name_tokens(text) if len(token) >= 3}
    if not digests:
        return False
    entries = IdentityIndex.objects.filter(kind="name", digest__in=digests)
    if region_id is not None:
        entries = entries.filter(case__region_id=region_id)
    return entries.exists()
