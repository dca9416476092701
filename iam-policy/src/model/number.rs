//! JSON numbers as written: the text is kept for output, the value is what compares.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::Error;

/// A JSON number exactly as written, such as `3600`, `1.50`, `1E2`, `-0` or
/// `123456789012345678901234567890`.
///
/// Serializing writes the text back unchanged. Equality and hashing go by value, as exact
/// decimals (no rounding to `f64`): `1.50`, `1.5` and `15E-1` are equal, and so are `0` and `-0`.
/// [`JsonNumber::canonical`] spells every value one way.
///
/// ```
/// use iam_policy::JsonNumber;
/// let written: JsonNumber = "1.50".parse()?;
/// assert_eq!(written.as_str(), "1.50");
/// assert_eq!(written, "15E-1".parse()?);
/// assert_eq!(written.canonical(), "1.5");
/// assert!("01".parse::<JsonNumber>().is_err());
/// # Ok::<(), iam_policy::Error>(())
/// ```
#[derive(Clone)]
pub struct JsonNumber(Box<str>);

/// The parts of a number's text: sign, integer digits, fraction digits (without the point) and
/// exponent (saturated far beyond any finite `f64`).
struct Parts<'a> {
    negative: bool,
    integer: &'a [u8],
    fraction: &'a [u8],
    exponent: i128,
}

/// A nonzero value as `0.DIGITS × 10^exponent`, with `DIGITS` free of leading and trailing zeros.
struct Decimal<'a> {
    negative: bool,
    parts: Parts<'a>,
    /// Zeros to skip at the start of `integer ++ fraction`.
    leading: usize,
    /// The number of significant digits.
    length: usize,
    exponent: i128,
}

impl<'a> Parts<'a> {
    fn of(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let (negative, rest) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let mantissa_end = rest
            .iter()
            .position(|byte| matches!(byte, b'e' | b'E'))
            .unwrap_or(rest.len());
        let (mantissa, exponent) = rest.split_at(mantissa_end);
        let (integer, fraction) = match mantissa.iter().position(|byte| *byte == b'.') {
            Some(point) => (&mantissa[..point], &mantissa[point + 1..]),
            None => (mantissa, &[][..]),
        };
        Self {
            negative,
            integer,
            fraction,
            exponent: exponent.get(1..).map_or(0, saturating_exponent),
        }
    }

    fn digit(&self, index: usize) -> u8 {
        match self.integer.get(index) {
            Some(digit) => *digit,
            None => self.fraction[index - self.integer.len()],
        }
    }

    fn digit_count(&self) -> usize {
        self.integer.len() + self.fraction.len()
    }

    /// The value as a decimal, or `None` for zero.
    fn decimal(self) -> Option<Decimal<'a>> {
        let count = self.digit_count();
        let leading = (0..count)
            .take_while(|&index| self.digit(index) == b'0')
            .count();
        if leading == count {
            return None;
        }
        let trailing = (leading..count)
            .rev()
            .take_while(|&index| self.digit(index) == b'0')
            .count();
        let exponent = self.integer.len() as i128 - leading as i128 + self.exponent;
        Some(Decimal {
            negative: self.negative,
            leading,
            length: count - leading - trailing,
            exponent,
            parts: self,
        })
    }
}

/// An exponent's digits (after an optional sign) as a number, saturated at ±10^30: far beyond
/// any exponent a finite `f64` needs, and far from overflowing `i128` when lengths are added.
fn saturating_exponent(text: &[u8]) -> i128 {
    const LIMIT: i128 = 1_000_000_000_000_000_000_000_000_000_000;
    let (negative, digits) = match text.split_first() {
        Some((b'-', digits)) => (true, digits),
        Some((b'+', digits)) => (false, digits),
        _ => (false, text),
    };
    let magnitude = digits.iter().fold(0i128, |value, digit| {
        (value * 10 + i128::from(digit - b'0')).min(LIMIT)
    });
    if negative { -magnitude } else { magnitude }
}

impl Decimal<'_> {
    fn digits(&self) -> impl Iterator<Item = u8> + '_ {
        (self.leading..self.leading + self.length).map(|index| self.parts.digit(index))
    }

    /// The value as an unsigned integer, if it is one that fits.
    fn magnitude_u64(&self) -> Option<u64> {
        let length = i128::try_from(self.length).ok()?;
        if self.exponent < length || self.exponent > 20 {
            return None;
        }
        let mut value: u64 = 0;
        for digit in self.digits() {
            value = value
                .checked_mul(10)?
                .checked_add(u64::from(digit - b'0'))?;
        }
        for _ in 0..self.exponent - length {
            value = value.checked_mul(10)?;
        }
        Some(value)
    }
}

/// Why `text` is not a JSON number, if it is not one.
pub(crate) fn grammar_error(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let mut position = usize::from(bytes.first() == Some(&b'-'));
    let digits = |position: &mut usize| {
        let start = *position;
        while bytes.get(*position).is_some_and(u8::is_ascii_digit) {
            *position += 1;
        }
        *position - start
    };
    let integer_start = position;
    match digits(&mut position) {
        0 => return Some("expected a digit"),
        1 => {}
        _ if bytes[integer_start] == b'0' => return Some("numbers must not have leading zeros"),
        _ => {}
    }
    if bytes.get(position) == Some(&b'.') {
        position += 1;
        if digits(&mut position) == 0 {
            return Some("expected a digit after the decimal point");
        }
    }
    if matches!(bytes.get(position), Some(b'e' | b'E')) {
        position += 1;
        if matches!(bytes.get(position), Some(b'+' | b'-')) {
            position += 1;
        }
        if digits(&mut position) == 0 {
            return Some("expected a digit in the exponent");
        }
    }
    if position != bytes.len() {
        return Some("unexpected characters after the number");
    }
    None
}

/// Whether a number's value is beyond the range of `f64` (IAM, and most JSON readers, cannot
/// hold it). Only the value's order of magnitude is looked at: no float is parsed.
pub(crate) fn out_of_range(text: &str) -> bool {
    // `f64::MAX` is about 1.8 × 10^308 = 0.18 × 10^309.
    Parts::of(text).decimal().is_some_and(|decimal| {
        decimal.exponent > 309
            || (decimal.exponent == 309 && text.parse::<f64>().is_ok_and(f64::is_infinite))
    })
}

impl JsonNumber {
    /// Checks that `text` is a JSON number within the range of `f64`, and keeps it as written.
    pub fn new(text: &str) -> Result<Self, Error> {
        let invalid = |reason: &'static str| Error::InvalidNumber {
            value: text.to_owned(),
            reason,
        };
        if let Some(reason) = grammar_error(text) {
            return Err(invalid(reason));
        }
        if out_of_range(text) {
            return Err(invalid("the number is out of range"));
        }
        Ok(Self(text.into()))
    }

    /// Wraps text the JSON reader has already checked.
    pub(crate) fn from_checked(text: &str) -> Self {
        Self(text.into())
    }

    /// The number's shortest text that reads back as the same `f64`, as serde_json writes it
    /// (`1.5`, `100.0`, `1e21`), or `None` for NaN and infinities.
    pub fn from_f64(value: f64) -> Option<Self> {
        serde_json::Number::from_f64(value).map(|number| Self(number.to_string().into()))
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, if it is a whole number from 0 to `u64::MAX` (however written: `1E2` is 100).
    pub fn as_u64(&self) -> Option<u64> {
        match Parts::of(&self.0).decimal() {
            None => Some(0),
            Some(decimal) if decimal.negative => None,
            Some(decimal) => decimal.magnitude_u64(),
        }
    }

    /// The value, if it is a whole number within `i64` (however written).
    pub fn as_i64(&self) -> Option<i64> {
        match Parts::of(&self.0).decimal() {
            None => Some(0),
            Some(decimal) => {
                let magnitude = i128::from(decimal.magnitude_u64()?);
                let value = if decimal.negative {
                    -magnitude
                } else {
                    magnitude
                };
                i64::try_from(value).ok()
            }
        }
    }

    /// The value rounded to the nearest `f64`.
    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// The value spelled one way: the exact decimal without exponent, trailing zeros, `+` or
    /// `-0` (`1.50` → `1.5`, `1E2` → `100`, `-0` → `0`), or, when that would need more than 20
    /// zeros next to the digits, with an exponent (`1e100`, `-1.5e-30`).
    pub fn canonical(&self) -> String {
        let Some(decimal) = Parts::of(&self.0).decimal() else {
            return "0".to_owned();
        };
        const MAX_ZEROS: i128 = 20;
        let digits: String = decimal.digits().map(char::from).collect();
        let length = digits.len() as i128;
        let exponent = decimal.exponent;
        let mut text = String::new();
        if decimal.negative {
            text.push('-');
        }
        if exponent >= length && exponent - length <= MAX_ZEROS {
            text.push_str(&digits);
            text.extend(std::iter::repeat_n('0', (exponent - length) as usize));
        } else if exponent > 0 && exponent < length {
            let (whole, fraction) = digits.split_at(exponent as usize);
            text.push_str(whole);
            text.push('.');
            text.push_str(fraction);
        } else if exponent <= 0 && -exponent <= MAX_ZEROS {
            text.push_str("0.");
            text.extend(std::iter::repeat_n('0', (-exponent) as usize));
            text.push_str(&digits);
        } else {
            let (first, rest) = digits.split_at(1);
            text.push_str(first);
            if !rest.is_empty() {
                text.push('.');
                text.push_str(rest);
            }
            text.push('e');
            text.push_str(&(exponent - 1).to_string());
        }
        text
    }
}

impl PartialEq for JsonNumber {
    fn eq(&self, other: &Self) -> bool {
        match (Parts::of(&self.0).decimal(), Parts::of(&other.0).decimal()) {
            (None, None) => true,
            (Some(left), Some(right)) => {
                left.negative == right.negative
                    && left.exponent == right.exponent
                    && left.length == right.length
                    && left.digits().cmp(right.digits()) == Ordering::Equal
            }
            _ => false,
        }
    }
}

impl Eq for JsonNumber {}

impl Hash for JsonNumber {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match Parts::of(&self.0).decimal() {
            None => state.write_u8(0),
            Some(decimal) => {
                state.write_u8(if decimal.negative { 1 } else { 2 });
                state.write_i128(decimal.exponent);
                state.write_usize(decimal.length);
                for digit in decimal.digits() {
                    state.write_u8(digit);
                }
            }
        }
    }
}

impl fmt::Display for JsonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for JsonNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonNumber({})", self.0)
    }
}

impl FromStr for JsonNumber {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::new(text)
    }
}

macro_rules! from_integers {
    ($($type:ty),*) => {
        $(impl From<$type> for JsonNumber {
            fn from(value: $type) -> Self {
                Self(value.to_string().into())
            }
        })*
    };
}

from_integers!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn number(text: &str) -> JsonNumber {
        JsonNumber::new(text).unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn hash(number: &JsonNumber) -> u64 {
        let mut hasher = DefaultHasher::new();
        number.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn keeps_the_text_and_compares_the_value() {
        for group in [
            &["1.5", "1.50", "15E-1", "0.15e1", "150e-2", "1.5E+0"][..],
            &["100", "1E2", "1e+2", "100.0", "10.000e1", "1000e-1"],
            &["0", "-0", "0.0", "-0.0E5", "0e-7"],
            &["-2.5", "-25e-1", "-0.00025E4"],
            &[
                "123456789012345678901234567890",
                "1.2345678901234567890123456789E29",
            ],
        ] {
            let first = number(group[0]);
            for text in group {
                let other = number(text);
                assert_eq!(other.as_str(), *text);
                assert_eq!(other, first, "{text} = {}", group[0]);
                assert_eq!(hash(&other), hash(&first), "{text}");
                assert_eq!(other.canonical(), first.canonical(), "{text}");
            }
        }
        for (left, right) in [
            ("1.5", "-1.5"),
            ("1", "10"),
            ("0.1", "0.01"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567891",
            ),
            ("1e-400", "0"),
        ] {
            assert_ne!(number(left), number(right), "{left} != {right}");
        }
    }

    #[test]
    fn canonical_spellings() {
        for (written, canonical) in [
            ("1.50", "1.5"),
            ("1E2", "100"),
            ("-0", "0"),
            ("0.000", "0"),
            ("-12.340e1", "-123.4"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
            ("1e20", "100000000000000000000"),
            ("1e21", "1e21"),
            ("1.5e-20", "0.000000000000000000015"),
            ("1.5e-22", "1.5e-22"),
            ("-25E-30", "-2.5e-29"),
            ("1e-400", "1e-400"),
        ] {
            assert_eq!(number(written).canonical(), canonical, "{written}");
            // The canonical spelling is itself a number of the same value.
            assert_eq!(number(canonical), number(written), "{written}");
        }
    }

    #[test]
    fn integer_and_float_values() {
        assert_eq!(number("1E2").as_u64(), Some(100));
        assert_eq!(number("-0").as_u64(), Some(0));
        assert_eq!(number("18446744073709551615").as_u64(), Some(u64::MAX));
        assert_eq!(number("18446744073709551616").as_u64(), None);
        assert_eq!(number("1.5").as_u64(), None);
        assert_eq!(number("-1").as_u64(), None);
        assert_eq!(number("-9223372036854775808").as_i64(), Some(i64::MIN));
        assert_eq!(number("-92233720368547758080e-1").as_i64(), Some(i64::MIN));
        assert_eq!(number("9223372036854775808").as_i64(), None);
        assert_eq!(number("1e300").as_u64(), None);
        assert!((number("1.50").as_f64() - 1.5).abs() < f64::EPSILON);
        assert_eq!(JsonNumber::from(3600u32).as_str(), "3600");
        assert_eq!(JsonNumber::from(-7i64).as_str(), "-7");
        assert_eq!(
            JsonNumber::from_f64(100.0).map(|n| n.0),
            Some("100.0".into())
        );
        assert!(JsonNumber::from_f64(f64::NAN).is_none());
    }

    #[test]
    fn rejects_what_is_not_a_finite_json_number() {
        for bad in [
            "", "-", "01", "-01", "1.", ".5", "1e", "1e+", "+1", "1.5.2", "0x10", "1 ", "NaN",
            "Infinity", "1e309", "-2e308",
        ] {
            assert!(JsonNumber::new(bad).is_err(), "{bad:?}");
        }
        for good in [
            "1.7976931348623157e308",
            "1e308",
            "1e-99999999999999999999999999999999999",
        ] {
            assert!(JsonNumber::new(good).is_ok(), "{good:?}");
        }
    }
}
