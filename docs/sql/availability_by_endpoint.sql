-- Availability per endpoint, worst first, from a rollup split by endpoint
-- (--export-by endpoint): the report's endpoint table, over every endpoint
-- the breakdown kept. Endpoints beyond its cap are one row, '(other)'.
-- Expects a view "rollup" over the Parquet files; add LIMIT 20 for the
-- report's top.
SELECT
    endpoint,
    sum(requests)                                       AS requests,
    sum(CASE WHEN bad THEN requests ELSE 0 END)         AS bad,
    -- Requests without a valid status (judged = false) are left out of
    -- availability, as in the report.
    1 - sum(CASE WHEN bad THEN requests ELSE 0 END)::DOUBLE
        / nullif(sum(CASE WHEN judged THEN requests ELSE 0 END), 0)
                                                        AS availability
FROM rollup
GROUP BY endpoint
ORDER BY bad DESC, requests DESC, endpoint;
