import Foundation

/// An image file the user picked (the camera/photos permission, rule B5), checked by its
/// content, not its name: PNG, JPEG, GIF or WebP by magic bytes, at most `maximumBytes`.
///
/// ```swift
/// let image = try AvatarImage.read(URL(fileURLWithPath: "me.jpg"))
/// image.format          // .jpeg
/// ```
public struct AvatarImage: Sendable, Equatable {
    /// Larger pictures are refused (a phone photo is 2-5 MB; an avatar needs far less).
    public static let maximumBytes = 5 << 20

    public enum Format: String, Sendable, Codable, CaseIterable {
        case png, jpeg, gif, webp
        public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    }

    public let format: Format
    public let data: Data

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case empty
        case tooLarge(bytes: Int, limit: Int)
        /// Not a PNG, JPEG, GIF or WebP file, whatever its name says.
        case notAnImage

        public var description: String { message(.en) }

        public func message(_ l: Language) -> String {
            switch self {
            case let .unreadable(path, reason): return l.pick("无法读取 \(path)：\(reason)", "cannot read \(path): \(reason)")
            case .empty: return l.pick("文件是空的。", "the file is empty")
            case let .tooLarge(bytes, limit):
                return l.pick("图片太大（\(bytes / 1024) KB），上限为 \(limit >> 20) MB。", "the image is too large (\(bytes / 1024) KB); the limit is \(limit >> 20) MB")
            case .notAnImage:
                return l.pick("不是PNG、JPEG、GIF或WebP图片（按文件内容判断，而不是文件名）。",
                              "not a PNG, JPEG, GIF or WebP image (judged by its content, not its name)")
            }
        }
    }

    /// The format the first bytes announce, or nil.
    public static func format(of data: Data) -> Format? {
        let b = [UInt8](data.prefix(16))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + prefix.count && Array(b[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        return nil
    }

    /// Checks bytes already read.
    public static func validate(_ data: Data) throws(Problem) -> AvatarImage {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maximumBytes else { throw .tooLarge(bytes: data.count, limit: maximumBytes) }
        guard let format = format(of: data) else { throw .notAnImage }
        return AvatarImage(format: format, data: data)
    }

    /// Reads and checks the file at `url`; the size is checked before the file is read.
    public static func read(_ url: URL) throws(Problem) -> AvatarImage {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: url.path) } catch {
            throw .unreadable(path: url.path, reason: "no such file, or no permission to read it")
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw .unreadable(path: url.path, reason: "not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumBytes else { throw .tooLarge(bytes: size, limit: maximumBytes) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(path: url.path, reason: error.localizedDescription) }
        return try validate(data)
    }
}
