//! `stagecall sheet`: print the computed run sheet.

use crate::cli::{SheetArgs, SheetFormat};
use crate::render::{html, sheet};

use super::EXIT_USAGE;

pub fn run(args: &SheetArgs, color: bool) -> u8 {
    let good = match super::load_good(&args.plan, &super::env(), color, "print the sheet again") {
        Ok(g) => g,
        Err(code) => return code,
    };
    let (plan, sched) = (&good.plan, &good.sched);
    let out = match args.format {
        SheetFormat::Table => sheet::table(plan, sched),
        SheetFormat::Md => sheet::markdown(plan, sched),
        SheetFormat::Csv => sheet::csv(plan, sched),
        SheetFormat::Html => html::page(plan, sched),
        SheetFormat::Xlsx => {
            let lang = super::xlsx_lang(args.lang);
            return match crate::xlsx::sheet::workbook(plan, sched, lang) {
                Ok(bytes) => {
                    crate::xlsx::write_out(&bytes, args.output.as_deref(), "the run sheet")
                }
                Err(e) => {
                    eprintln!("stagecall: cannot build the workbook: {e}");
                    EXIT_USAGE
                }
            };
        }
        SheetFormat::Json => match crate::render::text::json_pretty(&sheet::to_json(plan, sched)) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("stagecall: {e}");
                return EXIT_USAGE;
            }
        },
    };
    super::print_to(out.as_bytes(), args.output.as_deref())
}
