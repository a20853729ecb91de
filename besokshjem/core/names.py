"""How long a person's name may be, everywhere it is kept."""

#: A full name as an application holds it: first name (100) + a space + last name (100). Every copy of it (the
#: formålsbekreftelse, the politiattest, an agreement's party, a typed signature) has room for it, so no name a form
#: accepts can overflow a column.
FULL_NAME_MAX_LENGTH = 201
#: Two full names joined by « og » (an approved home run by a couple).
TWO_NAMES_MAX_LENGTH = 2 * FULL_NAME_MAX_LENGTH + 4
