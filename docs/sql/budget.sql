-- Error budget over the whole rollup for a 99.9% SLO: the same arithmetic
-- as slareport's report (allowed = (1 - target) x judged; remaining =
-- 1 - bad / allowed; burn rate = (bad / judged) / (1 - target)). Judged
-- requests are those with a valid status: the others (judged = false)
-- are left out, as in the report.
-- Expects a view "rollup" over the Parquet files; change 0.999 for
-- another target.
WITH t AS (
    SELECT
        sum(requests)::DOUBLE                                 AS requests,
        sum(CASE WHEN judged THEN requests ELSE 0 END)::DOUBLE AS judged,
        sum(CASE WHEN bad THEN requests ELSE 0 END)::DOUBLE   AS bad,
        0.999                                                 AS target
    FROM rollup
)
SELECT
    requests,
    judged,
    bad,
    1 - bad / judged                        AS availability,
    (1 - target) * judged                   AS allowed,
    1 - bad / ((1 - target) * judged)       AS remaining,
    (bad / judged) / (1 - target)           AS burn_rate
FROM t;
