import Documents

/// RFC 3339 `date`, `time`, `date-time` and the appendix A `duration`.
///
/// `date`, `time` and `date-time` read the string's UTF-8 in place (no copy into an array): they run on
/// every dated field of every request.
enum DateTimeFormats {
    /// `full-date`: YYYY-MM-DD with a real day of the month (leap years included).
    static func isDate(_ value: String) -> Bool {
        value.withUTF8Bytes { isDate(bytes: $0) }
    }

    /// `full-time`: HH:MM:SS[.frac](Z|±HH:MM); second 60 only when the UTC time is 23:59.
    static func isTime(_ value: String) -> Bool {
        value.withUTF8Bytes { isTime(bytes: $0) }
    }

    /// `date-time`: full-date "T" full-time; `T` and `Z` may be lower case.
    static func isDateTime(_ value: String) -> Bool {
        value.withUTF8Bytes { isDateTime(bytes: $0) }
    }

    /// The three over the UTF-8 bytes of a string (the body walk checks ASCII strings in place with them; the `String`
    /// forms above call these).
    static func isDate(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 10 && parseDate(bytes[...]) != nil
    }

    static func isTime(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        parseTime(bytes[...])
    }

    static func isDateTime(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
        return parseDate(bytes[0..<10]) != nil && parseTime(bytes[11...])
    }

    private static func number<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ offset: Int, _ count: Int) -> Int? where Bytes.Index == Int {
        let start = bytes.startIndex + offset
        guard start + count <= bytes.endIndex else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func byte<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ offset: Int) -> UInt8? where Bytes.Index == Int {
        let index = bytes.startIndex + offset
        return index < bytes.endIndex ? bytes[index] : nil
    }

    private static func parseDate<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> (Int, Int, Int)? where Bytes.Index == Int {
        guard bytes.count == 10, byte(bytes, 4) == UInt8(ascii: "-"), byte(bytes, 7) == UInt8(ascii: "-"),
              let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func parseTime<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        guard byte(bytes, 2) == UInt8(ascii: ":"), byte(bytes, 5) == UInt8(ascii: ":"),
              let hour = number(bytes, 0, 2), let minute = number(bytes, 3, 2), let second = number(bytes, 6, 2),
              hour <= 23, minute <= 59, second <= 60 else { return false }
        var offset = 8
        if byte(bytes, offset) == UInt8(ascii: ".") {
            offset += 1
            let fractionStart = offset
            while let digit = byte(bytes, offset), digit >= 0x30, digit <= 0x39 { offset += 1 }
            guard offset > fractionStart else { return false }
        }
        guard let zone = byte(bytes, offset) else { return false }
        var offsetMinutes = 0
        if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
            guard bytes.count == offset + 1 else { return false }
        } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
            guard bytes.count == offset + 6, byte(bytes, offset + 3) == UInt8(ascii: ":"),
                  let offsetHour = number(bytes, offset + 1, 2), let offsetMinute = number(bytes, offset + 4, 2),
                  offsetHour <= 23, offsetMinute <= 59 else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (zone == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return false
        }
        if second == 60 {
            let utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utcMinutes == 23 * 60 + 59
        }
        return true
    }

    /// ISO 8601 duration as RFC 3339 appendix A restricts it: `P1Y2M3DT4H5M6S` or `P2W`, in order, no fractions.
    static func isDuration(_ value: String) -> Bool {
        var bytes = Array(value.utf8)[...]
        guard bytes.first == UInt8(ascii: "P") else { return false }
        bytes = bytes.dropFirst()
        guard !bytes.isEmpty else { return false }
        if bytes.last == UInt8(ascii: "W") {
            let digits = bytes.dropLast()
            return !digits.isEmpty && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        let datePart: ArraySlice<UInt8>
        var timePart: ArraySlice<UInt8>? = nil
        if let tIndex = bytes.firstIndex(of: UInt8(ascii: "T")) {
            datePart = bytes[bytes.startIndex..<tIndex]
            timePart = bytes[(tIndex + 1)...]
        } else {
            datePart = bytes
        }
        guard let dateCount = unitsInOrder(datePart, units: "YMD") else { return false }
        if let timePart {
            guard let timeCount = unitsInOrder(timePart, units: "HMS"), timeCount > 0 else { return false }
            return true
        }
        return dateCount > 0
    }

    /// Counts `<digits><unit>` elements whose units appear in the given order; nil when malformed.
    private static func unitsInOrder(_ bytes: ArraySlice<UInt8>, units: String) -> Int? {
        let order = Array(units.utf8)
        var nextUnit = 0
        var count = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let digitsStart = index
            while index < bytes.endIndex, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > digitsStart, index < bytes.endIndex else { return nil }
            // Units must be contiguous (`P1Y2D` and `PT1H2S` skip a unit and are invalid).
            guard let position = order[nextUnit...].firstIndex(of: bytes[index]),
                  count == 0 || position == nextUnit else { return nil }
            nextUnit = position + 1
            count += 1
            index += 1
        }
        return count
    }
}
