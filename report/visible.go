package report

// Visible returns s with everything a terminal or a viewer would act on
// spelled out (see visible): for writers outside this package, such as the
// live board, that show text from a log.
func Visible(s string) string { return visible([]byte(s)) }
