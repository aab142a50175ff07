"""Series: each report against the same body's other years.

`data` keeps, per checked report, what the cross-year checks need (cells, sentences, positions);
`names` and `pairing` find a report's predecessor among the reports checked together; `copied`
finds text taken over from the previous report; `postpass` runs the cross-year rules over the
pairs of a batch; `compare` is the year-over-year view of `gklint compare`.
"""
