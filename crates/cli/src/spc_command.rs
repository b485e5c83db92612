//! `learnloop spc`: the SPC engine on the command line, with exactly the
//! JSON of `POST /api/v1/spc` in and out, for scripts and spreadsheets.

use std::io::{Read, Write};

use learnloop_domain::spc::{self, SpcRequest};
use learnloop_web::api::json::parse_json;
use learnloop_web::error::{AppError, ErrorBody};

pub fn run() -> anyhow::Result<()> {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input)?;
    let answer = parse_json::<SpcRequest>(&input).and_then(|request| spc::compute(&request).map_err(AppError::Invalid));
    let mut out = std::io::stdout().lock();
    match answer {
        Ok(answer) => {
            serde_json::to_writer(&mut out, &answer)?;
            writeln!(out)?;
            Ok(())
        }
        Err(err) => {
            serde_json::to_writer(&mut out, &ErrorBody::of(&err))?;
            writeln!(out)?;
            anyhow::bail!("{}", err.message())
        }
    }
}
