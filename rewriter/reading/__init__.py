"""The reader: a draft as its author wrote it, every unit with a role and its slots (see `contract.py`).

Steps, one module each: `units` (lines, table rows, sentences), `roles` (rows first, then the draft's
`structure`), `facts` (metric and value of a fact), `slots` (a key result's values in their roles). The rules
are rows of `rows.yaml`, each with its examples and counter-examples. The entry point is `reader.read`.
"""
