module github.com/slareport/slareport

go 1.26

require (
	github.com/alecthomas/kong v1.17.0
	github.com/klauspost/compress v1.20.4
)
