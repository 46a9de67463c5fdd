//! `stagecall init`: write a commented starter plan for a platform. It
//! checks clean as written and never overwrites a file.

use std::io::Write;

use crate::cli::{InitArgs, Platform};

use super::{EXIT_OK, EXIT_USAGE};

const STARTER: &str = include_str!("../templates/starter.toml");

/// The starter plan for `platform`, dated `date` in `timezone`.
pub fn starter(platform: Platform, file: &str, date: chrono::NaiveDate, schema: &str) -> String {
    let (key, channel, tz, currency, title) = match platform {
        Platform::Kuaishou => (
            "kuaishou",
            "磁力金牛",
            "Asia/Shanghai",
            "CNY",
            "快手品牌专场",
        ),
        Platform::Douyin => ("douyin", "巨量千川", "Asia/Shanghai", "CNY", "抖音直播专场"),
        Platform::Taobao => ("taobao", "超级直播", "Asia/Shanghai", "CNY", "淘宝直播专场"),
        Platform::Tiktok => (
            "tiktok",
            "GMV Max",
            "America/Los_Angeles",
            "USD",
            "TikTok Shop LIVE",
        ),
        Platform::Wechat => (
            "wechat",
            "微信豆加热",
            "Asia/Shanghai",
            "CNY",
            "视频号直播专场",
        ),
        Platform::Other => ("other", "付费投流", "Asia/Shanghai", "CNY", "直播专场"),
    };
    STARTER
        .replace("{{SCHEMA}}", schema)
        .replace("{{FILE}}", file)
        .replace("{{TITLE}}", title)
        .replace("{{PLATFORM}}", key)
        .replace("{{DATE}}", &date.to_string())
        .replace("{{TIMEZONE}}", tz)
        .replace("{{CURRENCY}}", currency)
        .replace("{{CHANNEL}}", channel)
}

pub fn run(args: &InitArgs) -> u8 {
    let env = super::env();
    let tomorrow = env
        .now
        .with_timezone(&env.local_tz)
        .date_naive()
        .succ_opt()
        .unwrap_or_default();
    // The name as messages and the starter's comments show it: inert (a
    // control character would also break the TOML comment it goes in).
    let shown = crate::render::text::path(&args.path);
    let text = starter(args.platform, &shown, tomorrow, "./plan.schema.json");
    // create_new: refuse to overwrite, atomically, even against a race.
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "stagecall: {shown} already exists; not overwriting it (pick another name or delete it first)"
            );
            return EXIT_USAGE;
        }
        Err(e) => {
            eprintln!("stagecall: cannot create {shown}: {e}");
            return EXIT_USAGE;
        }
    };
    if let Err(e) = f.write_all(text.as_bytes()) {
        eprintln!("stagecall: cannot write {shown}: {e}");
        return EXIT_USAGE;
    }
    eprintln!("wrote {shown}; next: stagecall check {shown}");
    // Editors complete keys from the schema beside the plan; write it once.
    let schema_path = args.path.with_file_name("plan.schema.json");
    if !schema_path.exists()
        && let Ok(json) = serde_json::to_string_pretty(&stagecall_core::plan::schema())
    {
        match std::fs::write(&schema_path, json + "\n") {
            Ok(()) => eprintln!(
                "wrote {} for editor completion",
                crate::render::text::path(&schema_path)
            ),
            Err(e) => eprintln!(
                "stagecall: note: cannot write {}: {e}",
                crate::render::text::path(&schema_path)
            ),
        }
    }
    EXIT_OK
}
