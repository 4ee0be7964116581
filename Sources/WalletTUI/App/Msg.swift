import Foundation

/// A key as the interface sees it, independent of any terminal library.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Control plus a letter, e.g. `.ctrl("c")`.
    case ctrl(Character)
    case function(Int)
}

/// Everything that reaches `App.update`: input, a resize, the clock.
public enum Msg: Equatable, Sendable {
    case key(Key)
    case click(x: Int, y: Int)
    case wheel(up: Bool, x: Int, y: Int)
    case resize(width: Int, height: Int)
    case tick(Date)
    /// Progress or the result of an effect (see `Effect`): it goes to the page that started it.
    case effect(EffectMessage)
}

/// What a page receives.
public enum PageEvent: Equatable, Sendable {
    case key(Key)
    case click(ClickTarget)
    case wheel(up: Bool)
    /// The clock moved (about four times a second).
    case tick(Date)
    /// The page is on top for the first time: it asks for the data it shows (as effects).
    case appeared
    /// The page came back to the top of the stack.
    case resumed
    /// Progress or the result of an effect this page started (also while another page is on top).
    case effect(EffectMessage)
}
