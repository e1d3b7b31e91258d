//! The credential checker in the page: a thin adapter between the DOM and
//! `quire-rules`. The form is HTML from the build (labels, where to find
//! each value, disabled inputs); this module enables it, checks the values
//! as the reader pastes them, and shows each field's verdict.
//!
//! Every block of one preset on a page shares one set of values: a value
//! pasted in Step 2 is checked against one pasted in Step 4, and the
//! summary shows them all.
//!
//! Privacy: values live only in the inputs and in this module's memory.
//! Nothing is sent, stored or written into the page except through
//! `value` and `textContent`; values are cleared when the page is left.

use std::cell::RefCell;
use std::rc::Rc;

use quire_rules::{Custom, Input, Report, Rule, State};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, InputEvent, KeyboardEvent};

// A free-list allocator a fraction of dlmalloc's size: the widget makes a
// few small, short-lived allocations per keystroke.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// How long the reader pauses before a problem with what they type shows.
const PAUSE_MS: i32 = 600;
/// How long "Copied" shows.
const COPIED_MS: i32 = 2000;

/// A field's input: a text area that wraps long URLs, or a password input
/// for a secret. Its value is read and written as the `value` property of
/// either (one pair of calls, not one per element type: the widget stays
/// small).
#[derive(Clone)]
struct Control {
    element: HtmlElement,
    area: bool,
}

impl Control {
    fn of(element: Element) -> Option<Control> {
        let area = element.tag_name() == "TEXTAREA";
        element
            .dyn_into::<HtmlElement>()
            .ok()
            .map(|element| Control { element, area })
    }
    fn element(&self) -> &HtmlElement {
        &self.element
    }
    fn value(&self) -> String {
        js_sys::Reflect::get(&self.element, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }
    fn set_value(&self, value: &str) {
        let _ = js_sys::Reflect::set(
            &self.element,
            &JsValue::from_str("value"),
            &JsValue::from_str(value),
        );
        self.fit();
    }
    fn set_disabled(&self, disabled: bool) {
        set_flag(&self.element, "disabled", disabled);
    }
    /// Grows a text area to its text, so a long URL is seen whole, where
    /// the browser does not (CSS `field-sizing: content` does it in most).
    fn fit(&self) {
        if self.area {
            // Monospace: a character is about 0.6 of the 16 px font.
            let per_line = (self.element.client_width() as usize / 10).max(8);
            let rows = self.value().len().div_ceil(per_line).clamp(1, 9);
            // One digit, without the integer formatter.
            let rows = char::from(b'0' + rows as u8);
            let _ = self
                .element
                .set_attribute("rows", rows.encode_utf8(&mut [0; 4]));
        }
    }
    /// A secret shown masked.
    fn masked(&self) -> bool {
        self.element.get_attribute("type").as_deref() == Some("password")
    }
    fn set_masked(&self, masked: bool) {
        let _ = self
            .element
            .set_attribute("type", if masked { "password" } else { "text" });
    }
}

/// The summary's line for a field.
struct Recap {
    state: Element,
    value: Element,
    copy: HtmlElement,
}

/// One field, as the build described it.
struct Field {
    id: String,
    label: String,
    rule: Rule,
    /// A site preset's field kind, for [`Rule::Custom`].
    custom: Option<Custom>,
    composed_from: Option<String>,
    control: Control,
    status: Element,
    copy: HtmlElement,
    toggle: Option<HtmlElement>,
    fix: Element,
    fix_label: Option<Element>,
    fix_value: Option<Element>,
    apply: Option<HtmlElement>,
    undo: Option<HtmlElement>,
    recap: Option<Recap>,
    /// For a composed field: the reader typed into it themselves.
    edited: bool,
    /// Typed key by key since the last pause: problems wait.
    typing: bool,
    /// The corrected value on offer.
    suggestion: Option<String>,
    /// What the field held before Apply, for Undo.
    before_apply: Option<String>,
    /// Whether the value may be copied (not empty, not the masked hint).
    copyable: bool,
    /// What the status says now: its state and message.
    said: String,
}

struct Checker {
    fields: Vec<Field>,
    /// The pending "the reader paused" timer.
    timer: Option<i32>,
    /// Runs when the reader pauses.
    on_pause: Option<js_sys::Function>,
    /// Puts "Copy" back on buttons that say "Copied".
    reset_copy: Option<js_sys::Function>,
}

/// Mounts one checker per preset on the page, over all of its blocks. A
/// preset that cannot start does not stop the others; its error, returned
/// once all are tried, fails the module's start, and the loader (see
/// `theme.rs`) says so in every block that is not ready.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Ok(());
    };
    let roots = document.query_selector_all(".quire-checker")?;
    let mut groups: Vec<(String, Vec<Element>)> = Vec::new();
    for root in (0..roots.length())
        .filter_map(|i| roots.item(i))
        .filter_map(|r| r.dyn_into::<Element>().ok())
    {
        let preset = root.get_attribute("data-preset").unwrap_or_default();
        match groups.iter_mut().find(|(p, _)| *p == preset) {
            Some((_, roots)) => roots.push(root),
            None => groups.push((preset, vec![root])),
        }
    }
    let mut failed = Ok(());
    for (_, roots) in groups {
        if let Err(error) = mount(&roots) {
            failed = failed.and(Err(error));
        }
    }
    failed
}

/// Mounts the checker blocks that are not mounted yet: `quire serve`
/// calls it after swapping an edited page's blocks in, so the module
/// already loaded serves them instead of a second copy.
#[wasm_bindgen]
pub fn remount() -> Result<(), JsValue> {
    start()
}

fn mount(roots: &[Element]) -> Result<(), JsValue> {
    let mut fields = Vec::new();
    for root in roots {
        if root.get_attribute("data-ready").is_some() {
            return Ok(());
        }
        let found = root.query_selector_all(".checker-field[data-spec-field]")?;
        for element in (0..found.length())
            .filter_map(|i| found.item(i))
            .filter_map(|e| e.dyn_into::<Element>().ok())
        {
            if let Some(field) = field(&element)? {
                fields.push(field);
            }
        }
    }
    for root in roots {
        let items = root.query_selector_all("[data-recap-for]")?;
        for item in (0..items.length())
            .filter_map(|i| items.item(i))
            .filter_map(|e| e.dyn_into::<Element>().ok())
        {
            let id = item.get_attribute("data-recap-for").unwrap_or_default();
            if let Some(field) = fields.iter_mut().find(|f| f.id == id) {
                field.recap = Some(Recap {
                    state: find(&item, "[data-recap-state-for]")?,
                    value: find(&item, "[data-recap-value-for]")?,
                    copy: find(&item, "[data-recap-copy-for]")?.dyn_into()?,
                });
            }
        }
    }
    let checker = Rc::new(RefCell::new(Checker {
        fields,
        timer: None,
        on_pause: None,
        reset_copy: None,
    }));
    wire(&checker)?;
    for field in &checker.borrow().fields {
        field.control.set_disabled(false);
        if let Some(toggle) = &field.toggle {
            toggle.remove_attribute("disabled")?;
        }
    }
    for root in roots {
        root.set_attribute("data-ready", "true")?;
    }
    Ok(())
}

fn find(within: &Element, selector: &str) -> Result<Element, JsValue> {
    within
        .query_selector(selector)?
        .ok_or_else(|| JsValue::from_str(&format!("missing {selector}")))
}

/// A site preset's field kind, as the build wrote it in `data-kind`.
#[cfg(feature = "kinds")]
fn custom_kind(element: &Element) -> Option<Custom> {
    Custom::decode(&element.get_attribute("data-kind")?)
}

#[cfg(not(feature = "kinds"))]
fn custom_kind(_: &Element) -> Option<Custom> {
    None
}

/// One field's parts, from the build's HTML. `None` for a field whose rule
/// this widget does not know.
fn field(element: &Element) -> Result<Option<Field>, JsValue> {
    let attr = |name: &str| element.get_attribute(name).unwrap_or_default();
    let Some(rule) = Rule::from_name(&attr("data-rule")) else {
        return Ok(None);
    };
    let custom = custom_kind(element);
    if rule == Rule::Custom && custom.is_none() {
        return Ok(None);
    }
    let id = attr("data-spec-field");
    let control = Control::of(find(element, "[data-field]")?).ok_or_else(|| {
        JsValue::from_str("the field's input is neither a text area nor an input")
    })?;
    let part = |selector: &str| element.query_selector(selector).ok().flatten();
    let button = |selector: &str| part(selector).and_then(|e| e.dyn_into::<HtmlElement>().ok());
    Ok(Some(Field {
        label: attr("data-label"),
        rule,
        custom,
        composed_from: element.get_attribute("data-composed-from"),
        status: find(element, "[data-status-for]")?,
        copy: find(element, "[data-copy-for]")?.dyn_into()?,
        toggle: button("[data-toggle-for]"),
        fix: find(element, "[data-fix-for]")?,
        fix_label: part(".checker-fix-label"),
        fix_value: part("[data-fix-value-for]"),
        apply: button("[data-apply-for]"),
        undo: button("[data-undo-for]"),
        recap: None,
        control,
        id,
        edited: false,
        typing: false,
        suggestion: None,
        before_apply: None,
        copyable: false,
        said: String::from("empty\n"),
    }))
}

/// Listens to each field and its buttons, clears the values when the page
/// is left, and shows the first verdicts.
fn wire(checker: &Rc<RefCell<Checker>>) -> Result<(), JsValue> {
    let state = checker.clone();
    let pause = Closure::<dyn FnMut()>::new(move || {
        let mut c = state.borrow_mut();
        c.timer = None;
        c.fields.iter_mut().for_each(|f| f.typing = false);
        c.update();
    });
    checker.borrow_mut().on_pause =
        Some(pause.as_ref().unchecked_ref::<js_sys::Function>().clone());
    pause.forget();
    let state = checker.clone();
    let reset = Closure::<dyn FnMut()>::new(move || state.borrow().copied_back());
    checker.borrow_mut().reset_copy =
        Some(reset.as_ref().unchecked_ref::<js_sys::Function>().clone());
    reset.forget();

    let count = checker.borrow().fields.len();
    for index in 0..count {
        let field = |c: &Checker| -> (HtmlElement, HtmlElement) {
            (
                c.fields[index].control.element().clone(),
                c.fields[index].copy.clone(),
            )
        };
        let (control, copy) = field(&checker.borrow());
        let state = checker.clone();
        on(&control, "input", move |event| {
            state.borrow_mut().typed(index, &event)
        })?;
        let state = checker.clone();
        on(&control, "blur", move |_| {
            // A blur can fire inside another handler (one that moves the
            // focus): that handler shows every verdict anyway.
            if let Ok(mut c) = state.try_borrow_mut() {
                c.paused();
            }
        })?;
        on(&control, "keydown", |event| {
            // One line: Enter never adds a line break to a value.
            if event
                .dyn_ref::<KeyboardEvent>()
                .is_some_and(|k| k.key() == "Enter")
            {
                event.prevent_default();
            }
        })?;
        let state = checker.clone();
        on(&copy, "click", move |_| state.borrow().copy(index, false))?;
        let c = checker.borrow();
        let f = &c.fields[index];
        if let Some(recap) = &f.recap {
            let state = checker.clone();
            on(&recap.copy, "click", move |_| {
                state.borrow().copy(index, true)
            })?;
        }
        if let Some(apply) = &f.apply {
            let state = checker.clone();
            on(apply, "click", move |_| {
                let field = state.borrow_mut().apply(index);
                // Focus moves after the state is let go: it fires `blur`.
                focus(&field);
            })?;
        }
        if let Some(undo) = &f.undo {
            let state = checker.clone();
            on(undo, "click", move |_| {
                let field = state.borrow_mut().undo(index);
                focus(&field);
            })?;
        }
        if let Some(toggle) = &f.toggle {
            let state = checker.clone();
            on(toggle, "click", move |_| state.borrow_mut().toggle(index))?;
        }
    }
    let state = checker.clone();
    if let Some(window) = web_sys::window() {
        on(&window, "pagehide", move |_| state.borrow_mut().clear())?;
    }
    checker.borrow_mut().update();
    Ok(())
}

/// Whether an input event put in more than one keystroke's worth: a paste,
/// a drop, an autofill. Its verdict shows at once.
fn whole_value(event: &web_sys::Event) -> bool {
    let Some(input) = event.dyn_ref::<InputEvent>() else {
        // Not from the keyboard at all.
        return true;
    };
    let kind = input.input_type();
    kind.starts_with("insertFrom")
        || kind == "insertReplacementText"
        || (kind == "insertText" && input.data().is_some_and(|d| d.chars().nth(1).is_some()))
}

impl Checker {
    /// The reader changed field `index`.
    fn typed(&mut self, index: usize, event: &web_sys::Event) {
        let field = &mut self.fields[index];
        if field.composed_from.is_some() {
            // Typing makes it the reader's own; clearing it hands it back.
            field.edited = !field.control.value().is_empty();
        }
        field.before_apply = None;
        field.typing = !whole_value(event) && !field.control.value().is_empty();
        field.control.fit();
        if let Some(window) = web_sys::window() {
            if let Some(timer) = self.timer.take() {
                window.clear_timeout_with_handle(timer);
            }
            if self.fields[index].typing
                && let Some(pause) = &self.on_pause
            {
                self.timer = window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(pause, PAUSE_MS)
                    .ok();
            }
        }
        self.update();
    }

    /// The reader left a field or paused: every verdict shows.
    fn paused(&mut self) {
        if self.fields.iter().any(|f| f.typing) {
            self.fields.iter_mut().for_each(|f| f.typing = false);
            self.update();
        }
    }

    /// Composes what is composed, checks every field, and shows verdicts.
    fn update(&mut self) {
        self.compose();
        let values: Vec<String> = self.fields.iter().map(|f| f.control.value()).collect();
        let inputs: Vec<Input<'_>> = self
            .fields
            .iter()
            .zip(&values)
            .map(|(f, v)| Input {
                id: &f.id,
                rule: f.rule,
                value: v,
                custom: f.custom.as_ref(),
            })
            .collect();
        let reports = quire_rules::check(&inputs);
        for ((field, report), value) in self.fields.iter_mut().zip(&reports).zip(&values) {
            field.show(report, value);
        }
    }

    /// Fills composed fields (the scope) from their source, until the
    /// reader edits them.
    fn compose(&mut self) {
        for i in 0..self.fields.len() {
            let Some(from) = self.fields[i].composed_from.clone() else {
                continue;
            };
            if self.fields[i].edited {
                continue;
            }
            let source = self
                .fields
                .iter()
                .find(|f| f.id == from)
                .map(|f| f.control.value())
                .unwrap_or_default();
            let composed = match self.template_value(i) {
                Some(composed) => composed,
                None => quire_rules::compose(self.fields[i].rule, &source),
            }
            .unwrap_or_default();
            if self.fields[i].control.value() != composed {
                self.fields[i].control.set_value(&composed);
            }
        }
    }

    /// For a field of a site preset made from others: its template's value
    /// from their values as checked now (`Some(None)` while one is not
    /// usable). `None` for any other field.
    #[cfg(feature = "kinds")]
    fn template_value(&self, index: usize) -> Option<Option<String>> {
        let Some(quire_rules::Kind::Composed { template }) =
            self.fields[index].custom.as_ref().map(|c| &c.kind)
        else {
            return None;
        };
        let value_of = |id: &str| {
            let field = self.fields.iter().find(|f| f.id == id)?;
            let value = field.control.value();
            let report = quire_rules::check(&[Input {
                id: &field.id,
                rule: field.rule,
                value: &value,
                custom: field.custom.as_ref(),
            }])
            .remove(0);
            matches!(report.state(), State::Ok | State::Warning).then_some(report.normalized)
        };
        Some(quire_rules::kind::compose(template, &value_of))
    }

    #[cfg(not(feature = "kinds"))]
    fn template_value(&self, _: usize) -> Option<Option<String>> {
        None
    }

    /// Puts the offered value into field `index`, keeping the old for Undo;
    /// returns the field's input, to focus.
    fn apply(&mut self, index: usize) -> HtmlElement {
        let field = &mut self.fields[index];
        let Some(suggestion) = field.suggestion.clone() else {
            return field.control.element().clone();
        };
        let before = field.control.value();
        field.control.set_value(&suggestion);
        if field.composed_from.is_some() {
            field.edited = true;
        }
        field.typing = false;
        self.update();
        let field = &mut self.fields[index];
        field.before_apply = Some(before);
        field.show_undo();
        field.control.element().clone()
    }

    /// Puts back what field `index` held before Apply; returns the field's
    /// input, to focus.
    fn undo(&mut self, index: usize) -> HtmlElement {
        let field = &mut self.fields[index];
        let Some(before) = field.before_apply.take() else {
            return field.control.element().clone();
        };
        field.control.set_value(&before);
        field.typing = false;
        self.update();
        self.fields[index].control.element().clone()
    }

    /// Shows or masks a secret; the button's name follows what it does.
    fn toggle(&mut self, index: usize) {
        let field = &self.fields[index];
        let Some(toggle) = &field.toggle else {
            return;
        };
        let show = field.control.masked();
        field.control.set_masked(!show);
        let verb = if show { "Hide" } else { "Show" };
        say(toggle, verb, &format!("{verb} the {}", field.label));
        self.update();
    }

    /// Copies exactly what field `index` shows.
    fn copy(&self, index: usize, from_recap: bool) {
        let field = &self.fields[index];
        let button = match (&field.recap, from_recap) {
            (Some(recap), true) => &recap.copy,
            _ => &field.copy,
        };
        let value = field.control.value();
        if !field.copyable || value.is_empty() {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&value);
        let target = button.clone();
        let reset = self.reset_copy.clone();
        let label = format!("Copied the {}", field.label);
        let done = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            let _ = target.set_attribute("data-copied", "");
            say(&target, "Copied", &label);
            if let (Some(window), Some(reset)) = (web_sys::window(), &reset) {
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(reset, COPIED_MS);
            }
        });
        // A refused copy leaves the button as it was.
        let _ = promise.then(&done);
        done.forget();
    }

    /// "Copied" goes back to "Copy".
    fn copied_back(&self) {
        for field in &self.fields {
            let recap = field.recap.as_ref().map(|r| &r.copy);
            for button in std::iter::once(&field.copy).chain(recap) {
                if button.has_attribute("data-copied") {
                    let _ = button.remove_attribute("data-copied");
                    say(button, "Copy", &format!("Copy the {}", field.label));
                }
            }
        }
    }

    /// Forgets every value: the page is being left.
    fn clear(&mut self) {
        for field in &mut self.fields {
            field.control.set_value("");
            field.edited = false;
            field.typing = false;
            field.before_apply = None;
            if let Some(toggle) = &field.toggle {
                field.control.set_masked(true);
                say(toggle, "Show", &format!("Show the {}", field.label));
            }
        }
        self.update();
    }
}

impl Field {
    /// Shows the verdict on `value`: at once, unless the reader is still
    /// typing it and it has a problem.
    fn show(&mut self, report: &Report, value: &str) {
        let mut state = report.state();
        let waiting = self.typing && matches!(state, State::Error | State::Warning);
        let masked_hint = report.has("client_secret.masked") || report.has("secret.masked");
        self.copyable = !value.is_empty() && !masked_hint;
        set_flag(&self.copy, "disabled", !self.copyable);
        self.suggestion = None;
        // The status is a live region: it is written only when what it
        // says changes, or screen readers would repeat every field's
        // verdict at each keystroke in another.
        let message = if waiting {
            String::new()
        } else {
            report.message()
        };
        let mut said = String::from(if waiting { "pending" } else { state.as_str() });
        said.push('\n');
        said.push_str(&message);
        let changed = said != self.said;
        if changed {
            self.said = said;
        }
        if waiting {
            if changed {
                let _ = self.status.set_attribute("data-state", "pending");
                self.status.set_text_content(None);
            }
            let _ = self
                .control
                .element()
                .set_attribute("aria-invalid", "false");
        } else {
            if changed {
                let _ = self.status.set_attribute("data-state", state.as_str());
                write_verdict(&self.status, state, &message);
            }
            let invalid = if state == State::Error {
                "true"
            } else {
                "false"
            };
            let _ = self
                .control
                .element()
                .set_attribute("aria-invalid", invalid);
            // Offered with a warning that says what changes: an OK value
            // that differs only in letter case or a final `/` is left be.
            let normalized = &report.normalized;
            if state == State::Warning && !normalized.is_empty() && normalized != value {
                self.suggestion = Some(normalized.clone());
            }
        }
        if waiting {
            state = State::Empty;
        }
        self.show_fix();
        self.show_recap(state, value);
    }

    /// The corrected value and its Apply button, or nothing.
    fn show_fix(&self) {
        let (Some(label), Some(code), Some(apply), Some(undo)) =
            (&self.fix_label, &self.fix_value, &self.apply, &self.undo)
        else {
            return;
        };
        match &self.suggestion {
            Some(suggestion) if self.before_apply.is_none() => {
                label.set_text_content(Some("Use this instead:"));
                code.set_text_content(Some(&self.visible(suggestion)));
                set_flag(apply, "hidden", false);
                set_flag(undo, "hidden", true);
                let _ = self.fix.remove_attribute("hidden");
            }
            _ if self.before_apply.is_some() => self.show_undo(),
            _ => {
                let _ = self.fix.set_attribute("hidden", "");
            }
        }
    }

    /// After Apply: what was there before, and Undo.
    fn show_undo(&self) {
        let (Some(label), Some(code), Some(apply), Some(undo), Some(before)) = (
            &self.fix_label,
            &self.fix_value,
            &self.apply,
            &self.undo,
            &self.before_apply,
        ) else {
            return;
        };
        label.set_text_content(Some("Applied. You had pasted:"));
        code.set_text_content(Some(&self.visible(before)));
        set_flag(apply, "hidden", true);
        set_flag(undo, "hidden", false);
        let _ = self.fix.remove_attribute("hidden");
    }

    /// `value` as the page may show it: a masked secret stays masked.
    fn visible(&self, value: &str) -> String {
        if self.control.masked() {
            let mut dots = String::new();
            for _ in 0..value.len().min(24) {
                dots.push('•');
            }
            dots
        } else {
            value.to_owned()
        }
    }

    /// The summary's line: the state, the value (masked for a secret) and
    /// its copy button.
    fn show_recap(&self, state: State, value: &str) {
        let Some(recap) = &self.recap else {
            return;
        };
        let _ = recap.state.set_attribute("data-state", state.as_str());
        recap.state.set_text_content(Some(match state {
            State::Empty if value.is_empty() => "Not pasted yet",
            State::Empty => "Being typed",
            State::Ok => "OK",
            State::Warning => "Check",
            State::Error => "Problem",
        }));
        recap.value.set_text_content(Some(&self.visible(value)));
        set_flag(&recap.copy, "disabled", !self.copyable);
    }
}

/// Writes a verdict: the state's icon and name, then the message with its
/// `code` spans as `<code>` elements, all as text.
fn write_verdict(status: &Element, state: State, message: &str) {
    status.set_text_content(None);
    let Some(document) = status.owner_document() else {
        return;
    };
    let (icon, name) = match state {
        State::Empty => return,
        State::Ok => ("✓", "OK:"),
        State::Warning => ("!", "Check:"),
        State::Error => ("✗", "Problem:"),
    };
    let append = |tag: &str, class: &str, text: &str| {
        if let Ok(element) = document.create_element(tag) {
            if !class.is_empty() {
                element.set_class_name(class);
            }
            element.set_text_content(Some(text));
            let _ = status.append_child(&element);
            return Some(element);
        }
        None
    };
    if let Some(icon) = append("span", "checker-icon", icon) {
        let _ = icon.set_attribute("aria-hidden", "true");
    }
    append("span", "checker-state", name);
    let _ = status.append_with_str_1(" ");
    // Line by line; between backticks is code. Byte scanning, not
    // `split`: the widget stays small.
    let mut rest = message;
    while !rest.is_empty() {
        let end = rest.bytes().position(|b| b == b'\n').unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 1..).unwrap_or_default();
        let Some(span) = append("span", "checker-message", "") else {
            continue;
        };
        let mut code = false;
        let mut part = line;
        loop {
            let end = part.bytes().position(|b| b == b'`').unwrap_or(part.len());
            let text = part.get(..end).unwrap_or_default();
            if !text.is_empty() {
                if code {
                    if let Ok(element) = document.create_element("code") {
                        element.set_text_content(Some(text));
                        let _ = span.append_child(&element);
                    }
                } else {
                    let _ = span.append_with_str_1(text);
                }
            }
            match part.get(end + 1..) {
                Some(next) => part = next,
                None => break,
            }
            code = !code;
        }
    }
}

fn say(button: &HtmlElement, text: &str, label: &str) {
    button.set_text_content(Some(text));
    let _ = button.set_attribute("aria-label", label);
}

/// Sets or removes a boolean attribute (`disabled`, `hidden`).
fn set_flag(element: &Element, name: &str, on: bool) {
    let _ = if on {
        element.set_attribute(name, "")
    } else {
        element.remove_attribute(name)
    };
}

fn focus(element: &HtmlElement) {
    let _ = element.focus();
}

/// Adds an event listener that lives as long as the page.
fn on(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}
