import Foundation

/// Voice notes through the system recorder `arecord` (the microphone permission, rule B5).
///
/// ```swift
/// let recorder = VoiceRecorder(folder: DeviceDataFolder(besideDatabase: dbURL))
/// switch try recorder.record(book, feature: "voice-note") {      // 5 seconds, blocks meanwhile
/// case .recorded(let note): send(note.file)
/// case .recorderMissing: say("arecord is not installed")       // the manual alternative: text
/// case .recorderFailed(let why): say(why.message)              // e.g. no sound card
/// }
/// ```
/// Without the permission `record` throws `PermissionError.notGranted` before looking for
/// arecord. A use is logged only when arecord is found and started. Notes are WAV files in
/// `voice-notes/<account>/` of the data folder, 0600; a failed recording leaves no file.
public struct VoiceRecorder: Sendable {
    public static let program = "arecord"
    public static let defaultFeature = "voice-note"
    /// The fixed length of a note.
    public static let defaultSeconds = 5
    public static let maximumSeconds = 60

    public let folder: DeviceDataFolder
    public let command: DeviceCommand

    public init(folder: DeviceDataFolder, command: DeviceCommand = DeviceCommand()) {
        self.folder = folder; self.command = command
    }

    public var isAvailable: Bool { command.locate(Self.program) != nil }

    /// Records `seconds` seconds (1-60) of 16 kHz mono 16-bit WAV.
    public func record(_ book: PermissionBook, feature: String = VoiceRecorder.defaultFeature,
                       seconds: Int = VoiceRecorder.defaultSeconds) throws -> VoiceRecording {
        try book.requireGranted(.microphone, feature: feature)
        let seconds = min(max(seconds, 1), Self.maximumSeconds)
        guard let tool = command.locate(Self.program) else { return .recorderMissing(program: Self.program) }
        let notes = folder.voiceNotes(accountID: book.accountID)
        try folder.prepare(notes)
        let now = book.clock.now()
        let file = notes.appendingPathComponent(VoiceNote.fileName(at: now))
        try book.use(.microphone, feature: feature)
        let result = command.run(tool, ["-q", "-t", "wav", "-f", "S16_LE", "-r", "16000", "-c", "1", "-d", String(seconds), file.path],
                                 timeout: TimeInterval(seconds) + 10)
        let data = try? Data(contentsOf: file)
        guard result.succeeded, let data, VoiceNote.isWAV(data) else {
            try? FileManager.default.removeItem(at: file)
            if result.succeeded {
                return .recorderFailed(DeviceCommand.Result(exitStatus: result.exitStatus, signal: nil, timedOut: false,
                                                            message: data == nil ? "arecord wrote no file" : "arecord wrote no WAV audio"))
            }
            return .recorderFailed(result)
        }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return .recorded(VoiceNote(file: file, recordedAt: now, byteCount: data.count, seconds: seconds))
    }

    // MARK: The notes kept

    /// The account's notes, oldest first.
    public func notes(accountID: Int64) -> [VoiceNote] {
        let dir = folder.voiceNotes(accountID: accountID)
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".wav") }.sorted().compactMap { name in
            let url = dir.appendingPathComponent(name)
            guard let attributes = try? fm.attributesOfItem(atPath: url.path) else { return nil }
            return VoiceNote(file: url, recordedAt: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0),
                             byteCount: (attributes[.size] as? NSNumber)?.intValue ?? 0, seconds: nil)
        }
    }

    /// Deletes one note of the account; false when it was not there.
    @discardableResult
    public func delete(_ note: VoiceNote, accountID: Int64) throws -> Bool {
        let dir = folder.voiceNotes(accountID: accountID).standardizedFileURL
        guard note.file.standardizedFileURL.deletingLastPathComponent().path == dir.path,
              FileManager.default.fileExists(atPath: note.file.path) else { return false }
        try FileManager.default.removeItem(at: note.file)
        return true
    }

    /// Deletes every note of the account (microphone revoked, account deleted); returns how many.
    @discardableResult
    public func deleteAll(accountID: Int64) throws -> Int {
        let count = notes(accountID: accountID).count
        let dir = folder.voiceNotes(accountID: accountID)
        if FileManager.default.fileExists(atPath: dir.path) { try FileManager.default.removeItem(at: dir) }
        return count
    }
}

/// One recorded voice note.
public struct VoiceNote: Sendable, Equatable {
    public let file: URL
    public let recordedAt: Date
    public let byteCount: Int
    /// The length asked for; nil for notes listed from the folder.
    public let seconds: Int?

    static func fileName(at date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(f.string(from: date))-\(UUID().uuidString.prefix(8).lowercased()).wav"
    }

    /// A RIFF/WAVE header with room for at least the format chunk.
    static func isWAV(_ data: Data) -> Bool {
        data.count >= 44 && data.prefix(4) == Data("RIFF".utf8) && data.dropFirst(8).prefix(4) == Data("WAVE".utf8)
    }
}

/// What came of a recording.
public enum VoiceRecording: Sendable, Equatable {
    case recorded(VoiceNote)
    /// arecord is not on PATH: nothing was recorded (offer a text message instead).
    case recorderMissing(program: String)
    /// arecord ran and failed (no sound card, device busy), hung, or wrote no audio.
    case recorderFailed(DeviceCommand.Result)

    public func message(_ l: Language) -> String {
        switch self {
        case .recorded(let note):
            return l.pick("已录制语音消息（\(note.seconds ?? 0) 秒）。", "Voice note recorded (\(note.seconds ?? 0) s).")
        case .recorderMissing(let program):
            return l.pick("系统中没有录音程序（\(program)），无法录制语音；请改为发送文字消息。",
                          "No system recorder (\(program)) is installed, so no voice note can be recorded; send a text message instead.")
        case .recorderFailed(let result):
            let why = result.timedOut ? l.pick("超时", "it timed out")
                : result.message.isEmpty ? l.pick("退出状态 \(result.exitStatus.map(String.init) ?? "?")", "exit status \(result.exitStatus.map(String.init) ?? "?")")
                : result.message
            return l.pick("录音失败（\(why)），没有保存任何录音；请改为发送文字消息。",
                          "Recording failed (\(why)); nothing was kept. Send a text message instead.")
        }
    }
}
