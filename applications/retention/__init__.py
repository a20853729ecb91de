"""Retention (how long the portal keeps what it stores, per kommune) and innsyn (everything stored about a person).

`rules` says when each rule is due, `selectors` finds what is due, `services` applies it, `innsyn` gathers a person's
data. docs/retention.md describes the rules and where their defaults come from."""
