-- The ten status codes with the most requests, with their class, whether
-- they count against availability, and their share of all requests.
-- Expects a view "rollup" over the Parquet files.
SELECT
    status,
    class,
    bool_or(bad)                                        AS bad,
    sum(requests)                                       AS requests,
    sum(requests)::DOUBLE / (SELECT sum(requests) FROM rollup) AS share
FROM rollup
GROUP BY status, class
ORDER BY requests DESC, status
LIMIT 10;
