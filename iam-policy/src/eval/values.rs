//! Typed condition values: numbers, dates, IP addresses and ranges, base64 binaries and booleans.

use std::cmp::Ordering;
use std::net::IpAddr;

/// A number as the `Numeric` operators compare it: exactly for integers, as `f64` otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Integer(i128),
    Float(f64),
}

pub(crate) fn number(text: &str) -> Option<Number> {
    let text = text.trim();
    if let Ok(integer) = text.parse::<i128>() {
        return Some(Number::Integer(integer));
    }
    let valid = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if !valid {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .map(Number::Float)
}

pub(crate) fn compare_numbers(a: Number, b: Number) -> Option<Ordering> {
    match (a, b) {
        (Number::Integer(a), Number::Integer(b)) => Some(a.cmp(&b)),
        (a, b) => {
            let float = |n: Number| match n {
                Number::Integer(i) => i as f64,
                Number::Float(f) => f,
            };
            float(a).partial_cmp(&float(b))
        }
    }
}

/// A point in time in nanoseconds since 1970-01-01T00:00:00Z.
pub(crate) fn date(text: &str) -> Option<i128> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Epoch seconds (`aws:EpochTime`, and dates written as numbers).
        return text
            .parse::<i64>()
            .ok()
            .map(|s| i128::from(s) * 1_000_000_000);
    }
    iso8601(text)
}

fn digits(bytes: &[u8], start: usize, count: usize) -> Option<i64> {
    let slice = bytes.get(start..start + count)?;
    if !slice.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        slice
            .iter()
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0')),
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// ISO 8601: `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` and a zone `Z` or `±HH[:MM]`
/// (no zone means UTC). Basic forms without separators (`20190716T120000Z`) are accepted too.
fn iso8601(text: &str) -> Option<i128> {
    let b = text.as_bytes();
    let (year, month, day, mut i) = if b.get(4) == Some(&b'-') {
        (digits(b, 0, 4)?, digits(b, 5, 2)?, digits(b, 8, 2)?, 10)
    } else {
        (digits(b, 0, 4)?, digits(b, 4, 2)?, digits(b, 6, 2)?, 8)
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut nanos: i128 = 0;
    if i < b.len() && (b[i] == b'T' || b[i] == b't' || b[i] == b' ') {
        i += 1;
        let extended = b.get(i + 2) == Some(&b':');
        let hour = digits(b, i, 2)?;
        i += if extended { 3 } else { 2 };
        let minute = digits(b, i, 2)?;
        i += 2;
        let mut second = 0;
        let colon = extended && b.get(i) == Some(&b':');
        if colon || (!extended && b.get(i).is_some_and(u8::is_ascii_digit)) {
            if colon {
                i += 1;
            }
            second = digits(b, i, 2)?;
            i += 2;
            if matches!(b.get(i), Some(b'.' | b',')) {
                i += 1;
                let start = i;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                let fraction = &b[start..i.min(start + 9)];
                let mut value: i128 = 0;
                for digit in fraction {
                    value = value * 10 + i128::from(digit - b'0');
                }
                for _ in fraction.len()..9 {
                    value *= 10;
                }
                nanos = value;
            }
        }
        if hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute, second) != (0, 0)) {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second;
        match b.get(i) {
            None => {}
            Some(b'Z' | b'z') => i += 1,
            Some(sign @ (b'+' | b'-')) => {
                let sign = if *sign == b'+' { 1 } else { -1 };
                i += 1;
                let zone_hour = digits(b, i, 2)?;
                i += 2;
                if b.get(i) == Some(&b':') {
                    i += 1;
                }
                let zone_minute = if i < b.len() { digits(b, i, 2)? } else { 0 };
                if i < b.len() {
                    i += 2;
                }
                if zone_hour > 23 || zone_minute > 59 {
                    return None;
                }
                seconds -= sign * (zone_hour * 3600 + zone_minute * 60);
            }
            Some(_) => return None,
        }
    }
    if i != b.len() {
        return None;
    }
    Some(i128::from(seconds) * 1_000_000_000 + nanos)
}

/// An IP address range: `203.0.113.0/24`, `2001:db8::/32`, or one address.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cidr {
    network: IpAddr,
    prefix: u8,
}

pub(crate) fn cidr(text: &str) -> Option<Cidr> {
    let text = text.trim();
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let network: IpAddr = address.parse().ok()?;
    let max = if network.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(prefix) if !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_digit()) => {
            prefix.parse::<u8>().ok().filter(|p| *p <= max)?
        }
        Some(_) => return None,
        None => max,
    };
    Some(Cidr { network, prefix })
}

pub(crate) fn address(text: &str) -> Option<IpAddr> {
    text.trim().parse().ok()
}

impl Cidr {
    pub(crate) fn contains(&self, address: IpAddr) -> bool {
        let (network, address, bits) = match (self.network, address) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                (u128::from(n.to_bits()), u128::from(a.to_bits()), 32)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => (n.to_bits(), a.to_bits(), 128),
            (IpAddr::V6(n), IpAddr::V4(a)) => (n.to_bits(), a.to_ipv6_mapped().to_bits(), 128),
            (IpAddr::V4(n), IpAddr::V6(a)) => match a.to_ipv4_mapped() {
                Some(a) => (u128::from(n.to_bits()), u128::from(a.to_bits()), 32),
                None => return false,
            },
        };
        let prefix = u32::from(self.prefix);
        if prefix == 0 {
            return true;
        }
        let shift = bits - prefix;
        (network >> shift) == (address >> shift)
    }
}

/// Decodes standard base64 (padding optional, whitespace not allowed).
pub(crate) fn base64(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_end_matches('=');
    if text.len() - trimmed.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0u32;
    for byte in trimmed.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return None;
    }
    Some(out)
}

/// `true` or `false`, ignoring case.
pub(crate) fn boolean(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_documented_form_agree() {
        let noon = date("2019-07-16T12:00:00Z").unwrap();
        assert_eq!(date("1563278400"), Some(noon));
        assert_eq!(date("2019-07-16T14:00:00+02:00"), Some(noon));
        assert_eq!(date("2019-07-16T12:00:00.000Z"), Some(noon));
        assert_eq!(date("20190716T120000Z"), Some(noon));
        assert_eq!(date("2019-07-16T12:00Z"), Some(noon));
        assert_eq!(date("2019-07-16"), Some(noon - 12 * 3600 * 1_000_000_000));
        assert!(date("2019-07-16T12:00:00.5Z").unwrap() > noon);
        assert_eq!(date("2019-02-30"), None);
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2019-07-16T12:00:00Q"), None);
    }

    #[test]
    fn ranges_contain_addresses() {
        let range = cidr("203.0.113.0/24").unwrap();
        assert!(range.contains(address("203.0.113.7").unwrap()));
        assert!(!range.contains(address("203.0.114.7").unwrap()));
        assert!(
            cidr("0.0.0.0/0")
                .unwrap()
                .contains(address("8.8.8.8").unwrap())
        );
        let v6 = cidr("2001:db8::/32").unwrap();
        assert!(v6.contains(address("2001:db8::1").unwrap()));
        assert!(!v6.contains(address("2001:db9::1").unwrap()));
        assert!(
            cidr("10.0.0.1")
                .unwrap()
                .contains(address("10.0.0.1").unwrap())
        );
        assert!(cidr("10.0.0.0/33").is_none());
        assert!(cidr("10.0.0.0/").is_none());
    }

    #[test]
    fn base64_decodes_with_or_without_padding() {
        assert_eq!(base64("QmluYXJ5").unwrap(), b"Binary");
        assert_eq!(base64("QQ==").unwrap(), b"A");
        assert_eq!(base64("QQ").unwrap(), b"A");
        assert!(base64("Q").is_none());
        assert!(base64("Q!==").is_none());
    }

    #[test]
    fn numbers_compare_exactly_when_integral() {
        let big = number("170141183460469231731687303715884105727").unwrap();
        let smaller = number("170141183460469231731687303715884105726").unwrap();
        assert_eq!(compare_numbers(big, smaller), Some(Ordering::Greater));
        assert_eq!(
            compare_numbers(number("1.5").unwrap(), number("2").unwrap()),
            Some(Ordering::Less)
        );
        assert!(number("ten").is_none());
        assert!(number("1e400").is_none());
    }
}
