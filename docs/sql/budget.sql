-- Error budget over the whole rollup for a 99.9% SLO: the same arithmetic
-- as slareport's report (allowed = (1 - target) x requests; remaining =
-- 1 - bad / allowed; burn rate = (bad / requests) / (1 - target)).
-- Expects a view "rollup" over the Parquet files; change 0.999 for
-- another target.
WITH t AS (
    SELECT
        sum(requests)::DOUBLE                               AS requests,
        sum(CASE WHEN bad THEN requests ELSE 0 END)::DOUBLE AS bad,
        0.999                                               AS target
    FROM rollup
)
SELECT
    requests,
    bad,
    1 - bad / requests                      AS availability,
    (1 - target) * requests                 AS allowed,
    1 - bad / ((1 - target) * requests)     AS remaining,
    (bad / requests) / (1 - target)         AS burn_rate
FROM t;
