package report

import "testing"

// TestHiveValue: a host taken from a log can neither leave its partition
// folder nor split it, and reads back as Hive, Spark and Trino unescape it.
func TestHiveValue(t *testing.T) {
	cases := []struct{ in, want string }{
		{"web1.example.com", "web1.example.com"},
		{"", "__HIVE_DEFAULT_PARTITION__"},
		{"../../etc", "..%2F..%2Fetc"},
		{"a=b/c", "a%3Db%2Fc"},
		{"x\ny\x7f", "x%0Ay%7F"},
		{"100%", "100%25"},
		{"..", ".."}, // under "host=", never a parent folder
	}
	for _, tc := range cases {
		if got := hiveValue(tc.in); got != tc.want {
			t.Errorf("hiveValue(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
