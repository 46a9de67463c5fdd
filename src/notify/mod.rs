//! Group-chat bots (企业微信, 飞书, 钉钉, a plain webhook): the runner tells
//! the crew's group what happens on air.

pub mod failures;
