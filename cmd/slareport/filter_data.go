package main

import "github.com/slareport/slareport/aggregate"

// filterDims returns what an HTML report's filters need counted besides
// what the run keeps anyway: requests per bucket and status, split by
// host and endpoint, from which the page recomputes a time range, a host,
// an endpoint or a status class. Only an HTML report pays for them. A run
// that writes a summary, a rollup or a state keeps exactly what its flags
// ask for, so that those files do not change with the report's format:
// its HTML filters by whatever that is (time and class at least, since
// such a run keeps per-status counts).
func (c *reportCmd) filterDims() (statuses bool, dims aggregate.Dims) {
	if c.Format != "html" || c.keeping() {
		return false, 0
	}
	return true, aggregate.DimHost | aggregate.DimEndpoint
}
