//! The column headers `stagecall import` recognises, per sheet, and the
//! headers the xlsx export writes (each field's `zh` / `en`, which are
//! aliases too, so an exported workbook reads back).
//!
//! A header matches when, lower-cased and with spaces, colons and
//! brackets' contents dropped, it equals a name; failing that, when its
//! first word does ("时间 Time" → 时间). docs/import.md lists them.

/// One recognised column.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// What the importer calls it.
    pub key: &'static str,
    /// The header written in Chinese and in English workbooks.
    pub zh: &'static str,
    pub en: &'static str,
    /// Other headers meaning the same.
    pub aliases: &'static [&'static str],
}

impl Field {
    pub fn header(&self, lang: crate::xlsx::Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

macro_rules! fields {
    ($name:ident { $($key:literal: $zh:literal, $en:literal $(, $alias:literal)*;)+ }) => {
        pub const $name: &[Field] = &[
            $(Field { key: $key, zh: $zh, en: $en, aliases: &[$($alias),*] },)+
        ];
    };
}

// The run sheet (直播脚本): one row per cue (and, in our export, per
// traffic slot start and end).
fields!(SCRIPT {
    "time": "时间", "Time", "时间段", "开始时间", "start", "time slot", "时段";
    "duration": "时长", "Duration", "用时", "时间长度", "length";
    "fixed": "定点", "Fixed", "hard", "整点";
    "segment": "板块", "Segment", "阶段", "block";
    "title": "环节", "Title", "流程", "内容", "标题", "环节内容", "直播内容", "cue";
    "products": "商品", "Products", "产品", "货品", "sku", "product", "商品名称", "产品名称", "items";
    "welfare": "福利", "Welfare", "福利机制", "福利活动";
    "script": "话术", "Script", "脚本", "主播话术", "口播", "talk track";
    "tasks": "任务", "Tasks", "checklist", "待办", "动作";
    "who": "负责人", "Who", "owner", "执行人", "对接人";
    "notes": "备注", "Notes", "note", "remark", "remarks";
    "kind": "类型", "Kind", "row";
    "id": "ID", "ID", "编号", "cue id";
});

// 货盘: the products.
fields!(PRODUCTS {
    "group_id": "分组ID", "Group ID", "group id";
    "group": "分组", "Group", "货盘分组", "组";
    "role": "定位", "Role", "款型", "排品定位";
    "audience": "人群", "Audience";
    "sku": "SKU", "SKU", "货号", "商品编码", "编码";
    "name": "品名", "Name", "商品", "产品", "商品名称", "产品名称", "名称", "product";
    "link": "链接号", "Link", "链接", "上架链接", "link no";
    "list_price": "原价", "List price", "划线价", "吊牌价", "list_price";
    "live_price": "直播价", "Live price", "到手价", "价格", "price", "live_price";
    "stock": "库存", "Stock";
    "limit": "限购", "Limit";
    "pitch": "卖点", "Pitch", "selling points";
});

// 福利: the welfare actions.
fields!(WELFARE {
    "id": "ID", "ID", "编号";
    "kind": "类型", "Kind", "福利类型", "type";
    "name": "名称", "Name", "福利", "福利名称";
    "quantity": "数量", "Quantity", "份数", "个数";
    "unit_cost": "单个成本", "Unit cost", "成本", "unit_cost";
    "rule": "规则", "Rule", "参与规则", "玩法";
    "trigger": "条件", "Trigger", "触发条件";
    "countdown": "倒计时", "Countdown";
    "limit": "限领", "Limit", "限购";
    "sku": "商品", "SKU", "适用商品";
    "price": "价格", "Price", "秒杀价", "券后价";
});

// 投放: the paid-traffic slots.
fields!(TRAFFIC {
    "id": "ID", "ID", "编号";
    "from": "开始", "From", "开始时间", "start";
    "to": "结束", "To", "结束时间", "end";
    "channel": "渠道", "Channel", "投放渠道", "计划";
    "budget": "预算", "Budget";
    "audience": "人群", "Audience", "定向";
    "roi_target": "ROI目标", "ROI target", "roi", "roi_target";
});

// 场次: the session, as rows of (field, value).
fields!(SESSION {
    "title": "标题", "Title", "场次", "直播主题", "主题";
    "platform": "平台", "Platform";
    "date": "日期", "Date", "直播日期";
    "start": "开始", "Start", "开播时间", "开始时间";
    "end": "结束", "End", "下播时间", "结束时间";
    "duration": "时长", "Duration", "直播时长";
    "timezone": "时区", "Time zone", "timezone";
    "hosts": "主播", "Hosts", "host";
    "gmv_target": "GMV目标", "GMV target", "目标gmv", "gmv";
    "currency": "币种", "Currency";
    "advance": "推进", "Advance";
    "traffic_budget": "投放总预算", "Traffic budget", "总预算";
});

/// The sheet names, as exported and as recognised.
pub const SHEET_SCRIPT: (&str, &str) = ("直播脚本", "Run sheet");
pub const SHEET_PRODUCTS: (&str, &str) = ("货盘", "Products");
pub const SHEET_WELFARE: (&str, &str) = ("福利", "Welfare");
pub const SHEET_TRAFFIC: (&str, &str) = ("投放", "Traffic");
pub const SHEET_SESSION: (&str, &str) = ("场次", "Session");
/// The prefix of a crew row in the session sheet: "团队 host".
pub const CREW_PREFIX: (&str, &str) = ("团队", "Crew");

/// The names in the session sheet's two header cells.
pub const SESSION_FIELD: (&str, &str) = ("项目", "Field");
pub const SESSION_VALUE: (&str, &str) = ("内容", "Value");

/// A header as compared: lower case, no spaces, colons or bracketed notes.
pub fn normalize(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, ':' | '：' | '*' | '_' | '-') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn names(f: &Field) -> impl Iterator<Item = &'static str> {
    [f.zh, f.en].into_iter().chain(f.aliases.iter().copied())
}

/// The field a header names, if any.
pub fn lookup(fields: &'static [Field], header: &str) -> Option<&'static Field> {
    let whole = normalize(header);
    if whole.is_empty() {
        return None;
    }
    let exact = fields
        .iter()
        .find(|f| names(f).any(|n| normalize(n) == whole));
    exact.or_else(|| {
        let first = header.split_whitespace().next().map(normalize)?;
        fields
            .iter()
            .find(|f| names(f).any(|n| normalize(n) == first))
    })
}

/// Whether a sheet name is one of ours (either language).
pub fn sheet_is(name: &str, which: (&str, &str)) -> bool {
    let n = normalize(name);
    n == normalize(which.0) || n == normalize(which.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_aliases_and_first_words() {
        assert_eq!(lookup(SCRIPT, "时间段").map(|f| f.key), Some("time"));
        assert_eq!(lookup(SCRIPT, " Time ").map(|f| f.key), Some("time"));
        assert_eq!(lookup(SCRIPT, "时间 Time").map(|f| f.key), Some("time"));
        assert_eq!(lookup(SCRIPT, "SKU").map(|f| f.key), Some("products"));
        assert_eq!(
            lookup(SCRIPT, "话术（主播）").map(|f| f.key),
            Some("script")
        );
        assert!(lookup(SCRIPT, "道具").is_none());
        assert!(lookup(SCRIPT, "").is_none());
        assert_eq!(lookup(PRODUCTS, "SKU").map(|f| f.key), Some("sku"));
    }

    #[test]
    fn every_name_is_unambiguous_within_its_sheet() {
        for fields in [SCRIPT, PRODUCTS, WELFARE, TRAFFIC, SESSION] {
            for f in fields {
                for n in names(f) {
                    assert_eq!(lookup(fields, n).map(|g| g.key), Some(f.key), "{n}");
                }
            }
        }
    }
}
