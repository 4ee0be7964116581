import Foundation
import WalletCore

/// The features that use a device permission, each asking for it only when started.
public struct FeaturesPage: Page {
    var menu = Menu([])

    public init() {}
    public var name: String { "features" }
    public func title(_ ctx: ViewContext) -> String { ctx.t("更多功能", "More features") }
    public func hints(_ ctx: ViewContext) -> [KeyHint] { [KeyHint("Enter", ctx.t("打开", "open")), KeyHint("Esc", ctx.t("返回", "back"))] }

    func items(_ t: (String, String) -> String) -> [MenuItem] {
        [
            MenuItem("f", t("通讯录找朋友", "Find friends from contacts"), t("读取您指定的 vCard 文件（通讯录权限）", "reads a vCard file you name (contacts)")) { ctx in ctx.push(FeaturePage(.friends)) },
            MenuItem("a", t("更换头像", "Change avatar"), t("选择一个图片文件（相机/相册权限）", "picks an image file (camera / photos)")) { ctx in ctx.push(FeaturePage(.avatar)) },
            MenuItem("n", t("摇一摇找附近的人", "Shake to find people nearby"), t("输入城市（位置权限）", "a city you type (location)")) { ctx in ctx.push(FeaturePage(.location)) },
            MenuItem("v", t("语音留言", "Voice note"), t("用 arecord 录 5 秒（麦克风权限）", "5 seconds through arecord (microphone)")) { ctx in ctx.push(FeaturePage(.voiceNote)) },
            MenuItem("b", t("桌面通知", "Desktop notifications"), t("通过 notify-send（通知权限）", "through notify-send (notifications)")) { ctx in ctx.push(FeaturePage(.notifications)) },
            MenuItem("d", t("设备标识", "Device identifier"), t("安装标识；允许后读取网卡 MAC 地址（设备标识权限）", "install id; the MAC address once allowed (device id)")) { ctx in ctx.push(FeaturePage(.deviceID)) },
        ]
    }

    public mutating func handle(_ event: PageEvent, _ ctx: Context) -> Bool {
        menu.setItems(items(ctx.t))
        return menu.handle(event, ctx)
    }

    public func draw(_ screen: inout Screen, area: Rect, _ ctx: ViewContext) {
        var menu = self.menu          // the items in the language of this frame
        menu.setItems(items(ctx.t))
        screen.put(ctx.t("这些功能需要设备权限；只在您打开它们时才会询问，拒绝后仍可使用其他方式。", "These need a device permission; it is asked only when you open one, and each has a way without it."),
                   x: area.x + 2, y: area.y + 1, maxWidth: area.width - 4, style: Style(.muted))
        menu.draw(&screen, area: Rect(x: area.x + 2, y: area.y + 3, width: area.width - 4, height: area.height - 3))
    }
}
