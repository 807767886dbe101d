"""The filename parser's parts. `vocab` loads the token lists from `../data`;
`tokens` splits a name; one module per property marks what it knows
(`tags`: sources, codecs, editions, resolution, part tokens; `year`; `kind`;
`part`; `ids`; `title`); `name` runs them over one name, and
`..filename` adds folder context."""
