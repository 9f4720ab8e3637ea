"""The tables of every user-facing text, German and English, split by where they are used.

:mod:`sozialraum.i18n` merges them into one lookup; a key may appear in only one table.
"""
