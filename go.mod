module github.com/slareport/slareport

go 1.26

require (
	github.com/DataDog/sketches-go v1.4.8
	github.com/alecthomas/kong v1.17.0
	github.com/chromedp/chromedp v0.23.0
	github.com/klauspost/compress v1.20.4
)

require (
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/go-echarts/go-echarts/v2 v2.6.7 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
