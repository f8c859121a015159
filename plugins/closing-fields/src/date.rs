//! Calendar dates typed the Brazilian way, stored as `aaaa-mm-dd`.

/// Why a date was refused.
#[derive(Debug, PartialEq)]
pub enum Error {
    /// Not `dd/mm/aaaa` (nor one of the tolerated variants).
    Format,
    /// Well formed but not on the calendar (31/02, 29/02 of a common year, month 13).
    NoSuchDay,
}

/// `dd/mm/aaaa`, `d/m/aaaa`, the same with `-` or `.`, or `aaaa-mm-dd`, as `aaaa-mm-dd`.
pub fn parse(input: &str) -> Result<String, Error> {
    let parts: Vec<&str> = input.split(['/', '-', '.']).collect();
    let numeric = |part: &str| !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit());
    let [a, b, c] = parts[..] else { return Err(Error::Format) };
    if !(numeric(a) && numeric(b) && numeric(c)) {
        return Err(Error::Format);
    }
    let (year, month, day) = match (a.len(), b.len(), c.len()) {
        (1 | 2, 1 | 2, 4) => (c, b, a),
        (4, 1 | 2, 1 | 2) if input.contains('-') => (a, b, c),
        _ => return Err(Error::Format),
    };
    let (year, month, day): (u32, u32, u32) = (
        year.parse().map_err(|_| Error::Format)?,
        month.parse().map_err(|_| Error::Format)?,
        day.parse().map_err(|_| Error::Format)?,
    );
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(Error::NoSuchDay);
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brazilian_dates_become_iso() {
        assert_eq!(parse("07/03/1990").as_deref(), Ok("1990-03-07"));
        assert_eq!(parse("7/3/1990").as_deref(), Ok("1990-03-07"));
        assert_eq!(parse("07-03-1990").as_deref(), Ok("1990-03-07"));
        assert_eq!(parse("07.03.1990").as_deref(), Ok("1990-03-07"));
        assert_eq!(parse("1990-03-07").as_deref(), Ok("1990-03-07"));
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert_eq!(parse("29/02/2024").as_deref(), Ok("2024-02-29"));
        assert_eq!(parse("29/02/2000").as_deref(), Ok("2000-02-29"));
        assert_eq!(parse("29/02/2023"), Err(Error::NoSuchDay));
        assert_eq!(parse("29/02/1900"), Err(Error::NoSuchDay));
    }

    #[test]
    fn days_off_the_calendar_are_refused() {
        for input in ["31/02/2024", "31/04/2024", "00/01/2024", "10/13/2024", "10/00/2024", "01/01/0000"] {
            assert_eq!(parse(input), Err(Error::NoSuchDay), "{input}");
        }
    }

    #[test]
    fn other_shapes_are_refused() {
        for input in [
            "07/03/90",
            "1990/03/07",
            "07/03",
            "07/03/1990/1",
            "sete/03/1990",
            "07 03 1990",
            "070/03/1990",
            "+7/03/1990",
        ] {
            assert_eq!(parse(input), Err(Error::Format), "{input}");
        }
    }
}
