import Foundation

/// A city the user can type instead of coordinates: Chinese name, pinyin, other English names,
/// and the coordinates of its centre (city level, two decimals: about a kilometre).
public struct LocationCity: Sendable, Equatable, Codable {
    /// The pinyin without spaces or tone marks, lowercase: "jinan", "xian".
    public let id: String
    public let zh: String
    /// As usually written in English: "Jinan", "Xi'an".
    public let en: String
    /// Other spellings that also match: "Canton", "Peking", "Hohhot".
    public let aliases: [String]
    public let province: String
    public let latitude: Double
    public let longitude: Double

    public func name(_ l: Language) -> String { l == .zh ? zh : en }
}

/// The cities the client knows by name: the municipalities, every provincial capital, Shenzhen,
/// Suzhou, Xiamen, Dalian, Ningbo, Hong Kong, Macau, and every prefecture-level city of Shandong
/// (where ECPAY is run). Anything else is typed as coordinates.
public enum LocationCities {
    public static let all: [LocationCity] = [
        city("beijing", "北京", "Beijing", ["Peking"], "北京", 39.90, 116.41),
        city("shanghai", "上海", "Shanghai", [], "上海", 31.23, 121.47),
        city("tianjin", "天津", "Tianjin", ["Tientsin"], "天津", 39.13, 117.20),
        city("chongqing", "重庆", "Chongqing", ["Chungking"], "重庆", 29.56, 106.55),
        city("shijiazhuang", "石家庄", "Shijiazhuang", [], "河北", 38.04, 114.51),
        city("taiyuan", "太原", "Taiyuan", [], "山西", 37.87, 112.55),
        city("huhehaote", "呼和浩特", "Hohhot", ["Huhehaote"], "内蒙古", 40.84, 111.75),
        city("shenyang", "沈阳", "Shenyang", ["Mukden"], "辽宁", 41.81, 123.43),
        city("changchun", "长春", "Changchun", [], "吉林", 43.82, 125.32),
        city("haerbin", "哈尔滨", "Harbin", ["Haerbin"], "黑龙江", 45.80, 126.53),
        city("nanjing", "南京", "Nanjing", ["Nanking"], "江苏", 32.06, 118.80),
        city("hangzhou", "杭州", "Hangzhou", [], "浙江", 30.27, 120.16),
        city("hefei", "合肥", "Hefei", [], "安徽", 31.82, 117.23),
        city("fuzhou", "福州", "Fuzhou", ["Foochow"], "福建", 26.07, 119.30),
        city("nanchang", "南昌", "Nanchang", [], "江西", 28.68, 115.86),
        city("jinan", "济南", "Jinan", ["Tsinan"], "山东", 36.65, 117.12),
        city("zhengzhou", "郑州", "Zhengzhou", [], "河南", 34.75, 113.63),
        city("wuhan", "武汉", "Wuhan", [], "湖北", 30.59, 114.31),
        city("changsha", "长沙", "Changsha", [], "湖南", 28.23, 112.94),
        city("guangzhou", "广州", "Guangzhou", ["Canton"], "广东", 23.13, 113.26),
        city("nanning", "南宁", "Nanning", [], "广西", 22.82, 108.37),
        city("haikou", "海口", "Haikou", [], "海南", 20.04, 110.20),
        city("chengdu", "成都", "Chengdu", [], "四川", 30.57, 104.07),
        city("guiyang", "贵阳", "Guiyang", [], "贵州", 26.65, 106.63),
        city("kunming", "昆明", "Kunming", [], "云南", 24.88, 102.83),
        city("lasa", "拉萨", "Lhasa", ["Lasa"], "西藏", 29.65, 91.17),
        city("xian", "西安", "Xi'an", ["Sian"], "陕西", 34.34, 108.94),
        city("lanzhou", "兰州", "Lanzhou", [], "甘肃", 36.06, 103.83),
        city("xining", "西宁", "Xining", [], "青海", 36.62, 101.78),
        city("yinchuan", "银川", "Yinchuan", [], "宁夏", 38.49, 106.23),
        city("wulumuqi", "乌鲁木齐", "Urumqi", ["Wulumuqi", "Urumchi"], "新疆", 43.83, 87.62),
        city("shenzhen", "深圳", "Shenzhen", [], "广东", 22.54, 114.06),
        city("suzhou", "苏州", "Suzhou", ["Soochow"], "江苏", 31.30, 120.58),
        city("xiamen", "厦门", "Xiamen", ["Amoy"], "福建", 24.48, 118.09),
        city("dalian", "大连", "Dalian", [], "辽宁", 38.91, 121.61),
        city("ningbo", "宁波", "Ningbo", [], "浙江", 29.87, 121.54),
        city("xianggang", "香港", "Hong Kong", ["Xianggang", "HK"], "香港", 22.32, 114.17),
        city("aomen", "澳门", "Macau", ["Macao", "Aomen"], "澳门", 22.20, 113.54),
        // Shandong
        city("qingdao", "青岛", "Qingdao", ["Tsingtao"], "山东", 36.07, 120.38),
        city("yantai", "烟台", "Yantai", [], "山东", 37.46, 121.45),
        city("weifang", "潍坊", "Weifang", [], "山东", 36.71, 119.16),
        city("zibo", "淄博", "Zibo", [], "山东", 36.81, 118.05),
        city("jining", "济宁", "Jining", [], "山东", 35.41, 116.59),
        city("linyi", "临沂", "Linyi", [], "山东", 35.10, 118.36),
        city("weihai", "威海", "Weihai", [], "山东", 37.51, 122.12),
        city("taian", "泰安", "Tai'an", [], "山东", 36.20, 117.09),
        city("rizhao", "日照", "Rizhao", [], "山东", 35.42, 119.53),
        city("dezhou", "德州", "Dezhou", [], "山东", 37.44, 116.36),
        city("liaocheng", "聊城", "Liaocheng", [], "山东", 36.46, 115.99),
        city("binzhou", "滨州", "Binzhou", [], "山东", 37.38, 117.97),
        city("heze", "菏泽", "Heze", [], "山东", 35.23, 115.48),
        city("zaozhuang", "枣庄", "Zaozhuang", [], "山东", 34.81, 117.32),
        city("dongying", "东营", "Dongying", [], "山东", 37.43, 118.67),
    ]

    private static func city(_ id: String, _ zh: String, _ en: String, _ aliases: [String], _ province: String,
                             _ latitude: Double, _ longitude: Double) -> LocationCity {
        LocationCity(id: id, zh: zh, en: en, aliases: aliases, province: province, latitude: latitude, longitude: longitude)
    }

    public static func city(id: String) -> LocationCity? { all.first { $0.id == id } }

    /// Every spelling of every city, folded (see `fold`).
    private static let index: [String: LocationCity] = {
        var index: [String: LocationCity] = [:]
        for city in all {
            for name in [city.id, city.zh, city.en] + city.aliases { index[fold(name)] = city }
        }
        return index
    }()

    /// The city `text` names: 济南, 济南市, Jinan, jinan city, Jǐnán, JINAN, Xi'an, xian, 西安市.
    public static func match(_ text: String) -> LocationCity? {
        let folded = fold(text)
        guard !folded.isEmpty else { return nil }
        if let city = index[folded] { return city }
        for suffix in ["市", "city", "shi"] where folded.hasSuffix(suffix) {
            if let city = index[String(folded.dropLast(suffix.count))] { return city }
        }
        return nil
    }

    /// Up to `limit` cities whose names start with what was typed (for "did you mean").
    public static func suggestions(_ text: String, limit: Int = 3) -> [LocationCity] {
        let folded = fold(text)
        guard !folded.isEmpty else { return [] }
        var seen = Set<String>()
        return all.filter { city in
            ([city.id, city.zh, city.en] + city.aliases).map(fold).contains { $0.hasPrefix(folded) || folded.hasPrefix($0) }
        }.filter { seen.insert($0.id).inserted }.prefix(limit).map { $0 }
    }

    /// The known city closest to a point, and how far it is in kilometres.
    public static func nearest(latitude: Double, longitude: Double) -> (city: LocationCity, kilometres: Double) {
        all.map { ($0, distance(latitude, longitude, $0.latitude, $0.longitude)) }.min { $0.1 < $1.1 }!
    }

    /// Great-circle distance in kilometres (haversine).
    public static func distance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6371.0, rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(a)))
    }

    /// Lowercase, tone marks removed, full-width forms made ASCII, spaces, apostrophes, hyphens
    /// and dots dropped: "Xi'an" and "XI AN" both fold to "xian".
    static func fold(_ text: String) -> String {
        let stripped = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return String(stripped.lowercased().unicodeScalars.filter { scalar in
            !(CharacterSet.whitespacesAndNewlines.contains(scalar) || "'’‘`-.·・".unicodeScalars.contains(scalar))
        }.map(Character.init))
    }
}
