//! Every label of the runner in English and Chinese.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `zh` when the locale variables say Chinese, else `en`.
    pub fn from_env() -> Self {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

macro_rules! labels {
    ($($name:ident: $en:literal, $zh:literal;)+) => {
        /// A UI label.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Label { $($name),+ }

        impl Label {
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Label::$name, Lang::En) => $en, (Label::$name, Lang::Zh) => $zh,)+
                }
            }

            /// Every label, for the both-languages test.
            pub const ALL: &'static [Label] = &[$(Label::$name),+];
        }
    };
}

labels! {
    Elapsed: "elapsed", "已播";
    Remaining: "left", "剩余";
    OnAir: "ON AIR", "直播中";
    Next: "next", "下一项";
    In: "in", "还有";
    Late: "late", "落后";
    Early: "early", "提前";
    OnTime: "on time", "准点";
    OnTimeFor: "on time for", "准点";
    ProjectedEnd: "ends", "预计结束";
    PreShow: "starts in", "距开播";
    PostShow: "show over", "已下播";
    RunSheet: "Run sheet", "直播脚本";
    Products: "Products", "货盘";
    Welfare: "Welfare", "福利";
    Traffic: "Traffic", "投放";
    Warmup: "Warm-up", "预热";
    Help: "Help", "帮助";
    Script: "Script", "话术";
    Checklist: "Checklist", "待办";
    Now: "Now", "当前";
    Price: "live", "直播价";
    ListPrice: "list", "原价";
    Stock: "stock", "库存";
    Limit: "limit", "限购";
    SoldOut: "SOLD OUT", "售罄";
    Rule: "rule", "规则";
    Trigger: "when", "触发";
    Quantity: "qty", "数量";
    Released: "released", "已发";
    Planned: "planned", "计划";
    Cost: "max cost", "最多成本";
    Budget: "budget", "预算";
    Spend: "spend reported", "已报消耗";
    NoSpendYet: "no spend reported yet", "尚无消耗数据";
    NoNumbersYet: "no numbers yet ($ to enter, or --metrics)", "暂无数据（$ 录入，或 --metrics）";
    OnlineWord: "online", "在线";
    FiveMin: "5m", "5分";
    Pace: "pace", "进度";
    GmvTarget: "GMV target", "GMV 目标";
    OrdersWord: "orders", "订单";
    SoldWord: "sold", "已售";
    NumbersSaved: "numbers saved", "数据已录入";
    FeedProblem: "metrics feed", "数据源";
    FeedSkipped: "metrics feed: skipped", "数据源：跳过";
    SoldOutByNumbers: "sold out by the numbers", "数据显示已售罄";
    AskNumbers: "$ numbers", "$ 数据";
    NumbersHint: "e.g. 在线 3200 gmv 12.5万 订单 310 SKU 85 slot 1500 · Enter save · Esc", "例：在线 3200 gmv 12.5万 订单 310 SKU 85 投放id 1500 · 回车 保存 · Esc";
    HelpNumbers: "enter live numbers read off the platform screen", "录入大屏数据（在线、成交额、订单、销量、消耗）";
    LeftWord: "left", "剩余";
    Ago: "ago", "前";
    JustNow: "just now", "刚刚";
    SpendWord: "spend", "消耗";
    RoiVsTarget: "ROI/target", "ROI/目标";
    Roi: "ROI target", "ROI目标";
    Due: "due", "到期";
    Overdue: "OVERDUE", "已逾期";
    Done: "done", "完成";
    Open: "open", "未完成";
    Skipped: "skipped", "跳过";
    Draw: "DRAW NOW", "开奖";
    DrawIn: "draw in", "开奖倒计时";
    Rehearsal: "REHEARSAL", "彩排";
    Live: "LIVE", "正式";
    ReadOnly: "read-only", "只读";
    TooSmall: "terminal too small", "终端窗口太小";
    Summary: "Summary", "总结";
    CuesOnTime: "cues on time", "准点环节";
    OpenTasks: "open tasks", "未完成待办";
    TotalDelay: "total delay", "总延误";
    Releases: "welfare releases", "福利发放";
    Reloaded: "plan reloaded", "脚本已重新加载";
    PlanError: "plan has errors; still running the last good version", "脚本有错误，继续使用上一个有效版本";
    NoTasks: "nothing to do right now", "当前没有待办";
    Role: "role", "角色";
    Slot: "slot", "投放时段";
    Segment: "segment", "板块";
    KeysSheet: "Space tick · ↑↓ select · Enter GO · s skip · +/- hold · r release · u undo · n note · ? help · q quit", "空格 勾选 · ↑↓ 选择 · 回车 切下一环节 · s 跳过 · +/- 加减时 · r 发福利 · u 撤销 · n 备注 · ? 帮助 · q 退出";
    KeysProducts: "↑↓ select · x sold out / restock", "↑↓ 选择 · x 售罄/补货";
    KeysWelfare: "↑↓ select · r release", "↑↓ 选择 · r 发放";
    LogWarning: "log", "日志";
    Orphaned: "orphaned state", "失效记录";
    Team: "team", "协同";
    GroupChat: "chat", "群通知";
    Online: "online", "在线";
    Offline: "offline", "离线";
    Queued: "queued", "待发送";
    Lag: "lag", "延迟";
    LastCue: "last cue", "最后一项";
    EndsIn: "ends in", "距结束";
    LogWarnings: "log warnings", "日志警告";
    KeysPanes: "Tab panes · ? help · q quit", "Tab 切换 · ? 帮助 · q 退出";
    Time: "time", "时间";
    Length: "len", "时长";
    Cue: "cue", "环节";
    Cues: "cues", "个环节";
    SlotStart: "start", "开始";
    SlotEnd: "end", "结束";
    Pitch: "points", "卖点";
    Last: "last", "上次";
    NoTraffic: "no paid traffic in this plan", "本脚本没有投放计划";
    NoSlotNow: "no slot running now", "当前没有投放时段";
    SoFar: "so far", "截至目前";
    Audience: "audience", "人群";
    OnAirShort: "now", "当前";
    Reservations: "reservations", "预约目标";
    NoWarmup: "no warm-up items", "没有预热项";
    HelpTick: "tick or untick the selected task", "勾选/取消勾选选中的待办";
    HelpMove: "move the selection", "移动选择";
    HelpGo: "GO: the next cue starts now", "切下一环节：下一个环节现在开始";
    HelpSkip: "skip the selected task", "跳过选中的待办";
    HelpDelay: "one minute more / less delay", "延误加/减一分钟";
    HelpPanes: "next / previous pane, or pane 1–6", "下一个/上一个面板，或面板 1–6";
    HelpSoldOut: "products: sold out / restock", "货盘：售罄/补货";
    HelpRelease: "welfare: release (starts its countdown)", "福利：发放（开始倒计时）";
    HelpHelp: "help", "帮助";
    HelpQuit: "quit", "退出";
    HelpTakeOver: "read-only: take over as the writer", "只读时：接管写入";
    HelpMarks: "open / done / skipped", "未完成/完成/跳过";
    HelpOnAir: "the cue on air", "正在直播的环节";
    HelpMissed: "past cue with open tasks", "已过环节仍有未完成待办";
    HelpSlots: "paid-traffic slot starts / ends", "投放时段开始/结束";
    BeforeShow: "before the show", "开播前";
    WithGo: "with GO", "（按 GO 计）";
    Name: "name", "名称";
    GoRefused: "the show is over: nothing to start", "已下播：没有可开始的环节";
    HoldNothing: "+/- change nothing before or after the show", "开播前和下播后 +/- 不起作用";
    NoProductOnAir: "no product on air: pick one in the products pane (2)", "当前环节没有商品：在货盘面板（2）里选择";
    NoWelfareOnAir: "no welfare in the cue on air: pick one in the welfare pane (3)", "当前环节没有福利：在福利面板（3）里选择";
    Undone: "undone", "已撤销";
    NothingToUndo: "nothing of yours to undo", "没有可撤销的操作";
    AskQuit: "the show is on air. Quit? y / q quit · n / Esc stay", "正在直播，确定退出？y / q 退出 · n / Esc 留下";
    AskEarlyGo: "is a fixed-time cue. Start it now, early? y / Enter start · n / Esc wait", "是定点环节。现在提前开始？y / 回车 开始 · n / Esc 等待";
    AskRerelease: "was already released. Release again? y / Enter · n / Esc", "已经发放过。再发一次？y / 回车 · n / Esc";
    AskPick: "which product is sold out / restocked?", "哪个商品售罄/补货？";
    AskNote: "note", "备注";
    NoteHint: "Enter save · Esc cancel", "回车 保存 · Esc 取消";
    AskMessage: "message to host", "给主播的消息";
    NumbersWord: "numbers entered", "数据录入";
    HostMessage: "on the host's screen", "主播屏消息";
    NotServing: "no browser views: start with --serve", "未开启浏览器视图：启动时加 --serve";
    ViewsTitle: "browser views", "浏览器视图";
    ViewsScan: "scan for the host view", "扫码打开主播视图";
    ViewsControl: "control token (API, Companion)", "控制令牌（API、Companion）";
    ViewsSmall: "enlarge the terminal to show the QR code", "终端放大后显示二维码";
    MessageHint: "Enter send · empty Enter clears · Esc cancel", "回车 发送 · 空行回车 清除 · Esc 取消";
    MessageSent: "message sent to the host's screen", "消息已发到主播屏";
    MessageCleared: "host message cleared", "主播消息已清除";
    NoMessage: "no host message to clear", "主播屏没有消息";
    HelpMessage: "message to the host's screen (browser view)", "发消息到主播屏（浏览器视图）";
    HelpViews: "browser views: addresses and QR code (with --serve)", "浏览器视图：地址和二维码（需 --serve）";
    Over: "over", "超时";
    Buffer: "buffer", "富余";
    Before: "before", "距";
    SessionEnd: "the end", "下播";
    Cut: "cut", "将被跳过";
    NotAired: "not aired", "未播";
    GoNow: "GO now", "该切下一环节";
    HelpUndo: "undo your last record", "撤销自己的上一条记录";
    HelpNote: "note for the review (复盘)", "记录备注（复盘用）";
    HelpEsc: "close help, a prompt or a pane (never quits)", "关闭帮助、提示或面板（不会退出）";
    HelpReleaseAny: "release the cue's welfare (welfare pane: the selected one)", "发放当前环节的福利（福利面板：选中的）";
    HelpSoldOutAny: "sold out / restock (products pane: the selected one)", "售罄/补货（货盘面板：选中的）";
    HelpHold: "hold / pull: one minute more / less for the cue on air", "当前环节加/减一分钟";
    Draws: "draw", "开奖";
    Grabs: "grab", "开抢";
    Ends: "ends", "结束";
    AtMost: "at most", "最多";
    Hard: "fixed", "定点";
    LinkNo: " link", "号链接";
    Paused: "writer paused", "写入方已暂停";
    GoAt: "GO", "切入";
    Missed: "missed", "漏做";
    NextAir: "next", "下次";
    NotSaved: "NOT SAVED", "未保存";
    NotSavedRetry: "(retrying)", "（重试中）";
    Pending: "pending", "待保存";
    TickWord: "tick", "勾选";
    AskQuitUnsaved: "quit and lose them? y / q quit · n / Esc stay", "退出将丢失这些记录？y / q 退出 · n / Esc 留下";
    UntickWord: "untick", "取消勾选";
    NowWriter: "you now write this rehearsal", "本终端已接管写入";
    Waiting: "waiting for", "等待";
    NotReleasedAgain: "not released again", "未重复发放";
    NoteSaved: "note saved", "备注已保存";
    HoldNotYet: "not yet: back on air, a minute more", "还没完：回到上一环节，加一分钟";
    HoldMore: "a minute more", "加一分钟";
    HoldLess: "a minute less", "减一分钟";
    SoldOutNow: "sold out", "售罄";
    Restocked: "restocked", "已补货";
    AlreadyWriter: "this runner already writes the log", "本终端已是写入方";
    WriterStillThere: "the writer is still running; take over once it quits", "写入方仍在运行，退出后才能接管";
    UndoAfterShow: "the show is over: its GOs and holds stand", "已下播：切换和加减时不能再撤销";
    DealPrice: "deal", "秒杀价";
    HelpModel1: "Cues with a time (at) are fixed: they go on air at that time by themselves, never late; GO may start them early.", "写了时间（at）的环节是定点环节：到点自动开始，绝不推迟；GO 可以提前开始。";
    HelpModel2: "Other cues follow the one before: by themselves when it is due to end (advance = clock), or on GO (advance = go).", "其他环节跟着上一个走：到点自动切换（advance = clock），或等 GO（advance = go）。";
    HelpModel3: "+/- give the cue on air a minute more/less (+ in the first minute after a cue started by itself: not yet, the cue before comes back); the bar shows over or buffer before the next fixed cue.", "+/- 给当前环节加/减一分钟（自动切换后一分钟内按 +：还没完，回到上一环节）；状态栏显示距下一个定点环节超时或富余多少。";
    TeamProblem: "team link", "协同连接";
}
