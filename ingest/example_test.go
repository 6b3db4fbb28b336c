package ingest_test

import (
	"bytes"
	"fmt"
	"io"
	"log"

	"github.com/klauspost/compress/gzip"

	"github.com/slareport/slareport/ingest"
)

func ExampleSplitter() {
	in := "GET /a 200\nGET /b 404\r\nGET /c 500\n"
	s := ingest.NewSplitter(bytes.NewReader([]byte(in)), 24, 0)
	var b ingest.Block
	for {
		err := s.Next(&b)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("line %d, %d lines: %q\n", b.FirstLine, b.Lines, b.Data)
	}
	fmt.Println("total", s.Lines())
	// Output:
	// line 1, 2 lines: "GET /a 200\nGET /b 404\r\n"
	// line 3, 1 lines: "GET /c 500\n"
	// total 3
}

func ExampleFromReader() {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	io.WriteString(w, "GET / 200\n")
	w.Close()

	// The name is only for messages: the content says it is gzip.
	in, err := ingest.FromReader("access.log", &gz)
	if err != nil {
		log.Fatal(err)
	}
	defer in.Close()
	text, err := io.ReadAll(in)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %q", in.Compression, text)
	// Output: gzip: "GET / 200\n"
}
