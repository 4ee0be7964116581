import Foundation

/// A location the user typed (rule B5): a known city, or coordinates "lat,lon".
/// The client never determines a position itself.
///
/// ```swift
/// try LocationInput.parse("济南")              // .city(Jinan)
/// try LocationInput.parse("Jinan City")        // .city(Jinan)
/// try LocationInput.parse("36.6512, 117.1201") // .coordinates(36.6512, 117.1201)
/// try LocationInput.parse("91,117")            // throws .latitudeOutOfRange(91)
/// ```
public enum LocationInput: Sendable, Equatable {
    case city(LocationCity)
    /// Decimal degrees, north and east positive. Precise location: needs its separate consent.
    case coordinates(latitude: Double, longitude: Double)

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        /// Not a city the client knows; `suggestions` are cities whose names start alike.
        case unknownCity(String, suggestions: [String])
        /// Digits that do not read as "latitude,longitude" in decimal degrees.
        case malformedCoordinates(String)
        case latitudeOutOfRange(Double)
        case longitudeOutOfRange(Double)

        public var description: String { message(.en) }

        public func message(_ l: Language) -> String {
            switch self {
            case .empty: return l.pick("请输入城市名或坐标（纬度,经度）。", "Type a city or coordinates (latitude,longitude).")
            case let .unknownCity(text, suggestions):
                let hint = suggestions.isEmpty ? "" : l.pick("您是不是要找：", " Did you mean: ") + suggestions.joined(separator: l.pick("、", ", ")) + l.pick("？", "?")
                return l.pick("不认识的城市“\(text)”；可以改为输入坐标（纬度,经度）。", "Unknown city \"\(text)\"; you can type coordinates (latitude,longitude) instead.") + hint
            case .malformedCoordinates(let text):
                return l.pick("“\(text)”不是有效的坐标：请按“纬度,经度”输入十进制度数，例如 36.65,117.12。",
                              "\"\(text)\" is not valid coordinates: type latitude,longitude in decimal degrees, e.g. 36.65,117.12.")
            case .latitudeOutOfRange(let value):
                return l.pick("纬度 \(value) 超出范围（-90 到 90）。", "Latitude \(value) is out of range (-90 to 90).")
            case .longitudeOutOfRange(let value):
                return l.pick("经度 \(value) 超出范围（-180 到 180）。", "Longitude \(value) is out of range (-180 to 180).")
            }
        }
    }

    public static func parse(_ raw: String) throws(ParseError) -> LocationInput {
        let text = TextNormalizer.asciiDigits(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .empty }
        if text.contains(where: { $0.isASCII && $0.isNumber }) { return try coordinates(text) }
        if let city = LocationCities.match(text) { return .city(city) }
        throw .unknownCity(text, suggestions: LocationCities.suggestions(text).map { "\($0.zh) \($0.en)" })
    }

    /// "36.65,117.12", "36.65, 117.12", "36.65，117.12" (full-width comma), "36.65 117.12".
    static func coordinates(_ text: String) throws(ParseError) -> LocationInput {
        let unified = text.replacingOccurrences(of: "，", with: ",")
        var parts = unified.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 1 { parts = unified.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
        guard parts.count == 2, let latitude = number(parts[0]), let longitude = number(parts[1]) else {
            throw .malformedCoordinates(text)
        }
        guard (-90.0...90.0).contains(latitude) else { throw .latitudeOutOfRange(latitude) }
        guard (-180.0...180.0).contains(longitude) else { throw .longitudeOutOfRange(longitude) }
        return .coordinates(latitude: latitude, longitude: longitude)
    }

    /// An optional sign, digits, an optional fraction: no exponents, no "nan" or "inf".
    private static func number(_ text: String) -> Double? {
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.contains(where: { !$0.isEmpty }),
              pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    public var latitude: Double {
        switch self {
        case .city(let city): return city.latitude
        case .coordinates(let latitude, _): return latitude
        }
    }

    public var longitude: Double {
        switch self {
        case .city(let city): return city.longitude
        case .coordinates(_, let longitude): return longitude
        }
    }

    /// Coordinates are precise location (sensitive, rule A7); a city is not.
    public var isPrecise: Bool {
        if case .coordinates = self { return true } else { return false }
    }

    /// "济南" / "Jinan", or "36.6512, 117.1201 (near 济南, 3 km)".
    public func display(_ l: Language) -> String {
        switch self {
        case .city(let city): return city.name(l)
        case let .coordinates(latitude, longitude):
            let near = LocationCities.nearest(latitude: latitude, longitude: longitude)
            let km = Int(near.kilometres.rounded())
            let place = String(format: "%.4f, %.4f", latitude, longitude)
            return km <= 100 ? place + l.pick("（\(near.city.zh)附近，约\(km)公里）", " (near \(near.city.en), \(km) km)") : place
        }
    }
}
