"""Finders: small, separately tested readers of one kind of clue each, and one ranking step.

- ``hosts``: server hosts, MX hosts and address domains -> providers (certain clues), the
  domains nobody holds, and typos of known domains and hosts;
- ``names``: provider names as typed (aliases, Chinese names, pinyin) and their typos;
- ``errors``: pasted errors -> troubleshooting entries (behind a regex gate);
- ``topics``: general mail questions -> general topics;
- ``ranking``: weighs the clues into one ranked list, picks the leaders (ties, the mailbox
  before the host typed, chatter) and the errors worth naming. The engine uses its results
  and holds no scores of its own.

The configuration and the environment are read by ``bot.situation``. This package is the one
place that uses rapidfuzz.
"""
