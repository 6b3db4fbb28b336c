package aggregate

// Client addresses, read from a log line's bytes. netip.ParseAddr would
// do, but it takes a string, and a string made from the line's bytes, or
// an error for a line whose client is not an address, costs an
// allocation on every line. FuzzClientAddr holds this to netip.

import "net/netip"

// clientAddr returns the address in a logged client: "192.0.2.7",
// "192.0.2.7:5123" (load balancers log the port), "2001:db8::1",
// "[2001:db8::1]:443", IPv4-mapped IPv6 as IPv4. It is false for anything
// else: a host name, "-", an address with a zone.
func clientAddr(b []byte) (netip.Addr, bool) {
	if len(b) > 0 && b[0] == '[' {
		end := -1
		for i, c := range b {
			if c == ']' {
				end = i
				break
			}
		}
		if end < 0 || end+1 < len(b) && b[end+1] != ':' {
			return netip.Addr{}, false
		}
		b = b[1:end]
	} else if colon := colons(b); colon.n == 1 {
		b = b[:colon.first] // IPv4 and a port
	}
	if v4, ok := parseIPv4(b); ok {
		return netip.AddrFrom4(v4), true
	}
	v6, ok := parseIPv6(b)
	if !ok {
		return netip.Addr{}, false
	}
	return netip.AddrFrom16(v6).Unmap(), true
}

// colonCount is how many colons a client holds, and where the first is.
type colonCount struct{ n, first int }

func colons(b []byte) colonCount {
	c := colonCount{first: -1}
	for i, x := range b {
		if x == ':' {
			if c.n == 0 {
				c.first = i
			}
			c.n++
		}
	}
	return c
}

// parseIPv4 reads a dotted quad of decimal numbers up to 255, without
// leading zeros (which some readers take for octal), as netip does.
func parseIPv4(b []byte) (ip [4]byte, ok bool) {
	for k := range 4 {
		if k > 0 {
			if len(b) == 0 || b[0] != '.' {
				return ip, false
			}
			b = b[1:]
		}
		n, v := 0, 0
		for n < len(b) && n < 4 && b[n] >= '0' && b[n] <= '9' {
			v = v*10 + int(b[n]-'0')
			n++
		}
		if n == 0 || n > 3 || v > 255 || n > 1 && b[0] == '0' {
			return ip, false
		}
		ip[k] = byte(v)
		b = b[n:]
	}
	return ip, len(b) == 0
}

// parseIPv6 reads an IPv6 address in the RFC 4291 text forms: eight
// groups of up to four hex digits, one "::" standing for one group of
// zeros or more, the last 32 bits possibly as a dotted quad.
func parseIPv6(b []byte) (ip [16]byte, ok bool) {
	ellipsis := -1 // where "::" stands in ip
	if len(b) >= 2 && b[0] == ':' && b[1] == ':' {
		ellipsis, b = 0, b[2:]
	}
	i := 0
	for len(b) > 0 && i < 16 {
		n, v := 0, 0
		for n < len(b) && n < 5 && hexDigit(b[n]) >= 0 {
			v = v<<4 | hexDigit(b[n])
			n++
		}
		if n < len(b) && b[n] == '.' && i <= 12 {
			v4, ok := parseIPv4(b)
			if !ok {
				return ip, false
			}
			copy(ip[i:], v4[:])
			i, b = i+4, nil
			break
		}
		if n == 0 || n > 4 {
			return ip, false
		}
		ip[i], ip[i+1] = byte(v>>8), byte(v)
		i, b = i+2, b[n:]
		switch {
		case len(b) == 0:
		case b[0] != ':' || len(b) == 1:
			return ip, false
		case b[1] == ':':
			if ellipsis >= 0 {
				return ip, false
			}
			ellipsis, b = i, b[2:]
		default:
			b = b[1:]
		}
	}
	switch {
	case len(b) > 0:
		return ip, false
	case ellipsis < 0:
		return ip, i == 16
	case i == 16:
		return ip, false // "::" must stand for a group at least
	}
	gap := 16 - i
	copy(ip[ellipsis+gap:], ip[ellipsis:i])
	clear(ip[ellipsis : ellipsis+gap])
	return ip, true
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
