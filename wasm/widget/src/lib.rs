//! The credential checker in the page: a thin adapter between the DOM and
//! `quire-rules`. It reads the field spec from the credentials table the
//! generator rendered, adds an input per field, and shows each field's
//! verdict as the reader types.
//!
//! Privacy: values live only in the inputs and in this module's memory.
//! Nothing is sent, stored or written into the page except through
//! `value` and `textContent`; values are cleared when the page is left.

use std::cell::RefCell;
use std::rc::Rc;

use quire_rules::{Input, Rule, State};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

// A free-list allocator a fraction of dlmalloc's size: the widget makes a
// few small, short-lived allocations per keystroke.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// One field, as the credentials table describes it.
struct Field {
    id: String,
    rule: Rule,
    secret: bool,
    composed_from: Option<String>,
    input: HtmlInputElement,
    status: Element,
    copy: HtmlElement,
    /// For a composed field: the reader typed into it themselves.
    edited: bool,
}

struct Checker {
    fields: Vec<Field>,
}

/// Mounts a checker on every credentials table of the page.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(roots) = document.query_selector_all(".quire-checker") else {
        return;
    };
    for (n, root) in (0..roots.length())
        .filter_map(|i| roots.item(i))
        .enumerate()
    {
        if let Ok(root) = root.dyn_into::<Element>()
            && let Err(error) = mount(&document, &root, n)
        {
            // A broken root must not stop the others, nor fail silently.
            report_failure(&document, &root, &error);
        }
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str, error: &JsValue);
}

/// Says in the console, and in the page under the table, that the checker
/// could not start; the table itself still tells the reader where to look.
fn report_failure(document: &Document, root: &Element, error: &JsValue) {
    console_error("quire: the credential checker could not start:", error);
    if let Ok(note) = document.create_element("p") {
        note.set_class_name("checker-failed");
        let _ = note.set_attribute("role", "status");
        note.set_text_content(Some(
            "The credential checker could not start in this browser. The table above still lists where to find each value.",
        ));
        let _ = root.append_child(&note);
    }
}

fn mount(document: &Document, root: &Element, n: usize) -> Result<(), JsValue> {
    if root.get_attribute("data-ready").is_some() {
        return Ok(());
    }
    let rows = root.query_selector_all("tr[data-spec-field]")?;
    let form = form(document)?;
    let mut fields = Vec::new();
    for row in (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|r| r.dyn_into::<Element>().ok())
    {
        if let Some((wrapper, field)) = field(document, &row, n)? {
            form.append_child(&wrapper)?;
            fields.push(field);
        }
    }
    root.append_child(&form)?;
    wire(Rc::new(RefCell::new(Checker { fields })))?;
    root.set_attribute("data-ready", "true")?;
    Ok(())
}

/// The form around the inputs, with what it is for and its privacy note.
fn form(document: &Document) -> Result<Element, JsValue> {
    let form = document.create_element("div")?;
    form.set_class_name("checker-form");
    let intro = document.create_element("p")?;
    intro.set_class_name("checker-intro");
    intro.set_text_content(Some(
        "Check your values: paste each one below to see at once whether it is the right one.",
    ));
    form.append_child(&intro)?;
    let privacy = document.create_element("p")?;
    privacy.set_class_name("checker-privacy");
    privacy.set_text_content(Some(
        "Checked in your browser. Nothing you paste here is sent anywhere or saved, and it is cleared when you leave the page.",
    ));
    form.append_child(&privacy)?;
    Ok(form)
}

/// One table row's field: its label, input, buttons and status line.
/// `None` for a row whose rule this widget does not know.
fn field(
    document: &Document,
    row: &Element,
    n: usize,
) -> Result<Option<(Element, Field)>, JsValue> {
    let attr = |name: &str| row.get_attribute(name).unwrap_or_default();
    let Some(rule) = Rule::from_name(&attr("data-rule")) else {
        return Ok(None);
    };
    let id = attr("data-spec-field");
    let secret = attr("data-secret") == "true";
    let composed_from = row.get_attribute("data-composed-from");
    let dom_id = format!("quire-{n}-{id}");

    let wrapper = document.create_element("div")?;
    wrapper.set_class_name("checker-field");
    let label = document.create_element("label")?;
    label.set_attribute("for", &dom_id)?;
    label.set_text_content(Some(&attr("data-label")));
    wrapper.append_child(&label)?;

    let line = document.create_element("div")?;
    line.set_class_name("checker-row");
    let input: HtmlInputElement = document.create_element("input")?.dyn_into()?;
    input.set_id(&dom_id);
    input.set_type(if secret { "password" } else { "text" });
    for (name, value) in [
        ("data-field", id.as_str()),
        ("autocomplete", "off"),
        ("spellcheck", "false"),
        ("autocapitalize", "off"),
        ("autocorrect", "off"),
        ("aria-describedby", &format!("{dom_id}-status")),
        ("placeholder", &attr("data-placeholder")),
        ("data-1p-ignore", ""),
        ("data-lpignore", "true"),
    ] {
        input.set_attribute(name, value)?;
    }
    line.append_child(&input)?;
    if secret {
        let toggle = show_toggle(document, &input, &id, &attr("data-label"))?;
        line.append_child(&toggle)?;
    }
    let copy = button(
        document,
        "Copy",
        &format!("Copy the {}", attr("data-label")),
    )?;
    copy.set_attribute("data-copy-for", &id)?;
    line.append_child(&copy)?;
    wrapper.append_child(&line)?;

    let status = document.create_element("p")?;
    status.set_id(&format!("{dom_id}-status"));
    status.set_class_name("checker-status");
    status.set_attribute("data-status-for", &id)?;
    status.set_attribute("data-state", "empty")?;
    status.set_attribute("aria-live", "polite")?;
    wrapper.append_child(&status)?;
    let field = Field {
        id,
        rule,
        secret,
        composed_from,
        input,
        status,
        copy,
        edited: false,
    };
    Ok(Some((wrapper, field)))
}

/// The Show/Hide button of a masked field.
fn show_toggle(
    document: &Document,
    input: &HtmlInputElement,
    id: &str,
    label: &str,
) -> Result<HtmlElement, JsValue> {
    let toggle = button(document, "Show", &format!("Show the {label}"))?;
    toggle.set_attribute("data-toggle-for", id)?;
    toggle.set_attribute("aria-pressed", "false")?;
    let target = input.clone();
    on(&toggle, "click", move |event| {
        let Some(button) = event
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        else {
            return;
        };
        let show = target.type_() == "password";
        target.set_type(if show { "text" } else { "password" });
        button.set_text_content(Some(if show { "Hide" } else { "Show" }));
        let _ = button.set_attribute("aria-pressed", if show { "true" } else { "false" });
    })?;
    Ok(toggle)
}

/// Checks as the reader types, copies on click, clears when the page is
/// left, and shows the first verdicts.
fn wire(checker: Rc<RefCell<Checker>>) -> Result<(), JsValue> {
    let count = checker.borrow().fields.len();
    for index in 0..count {
        let (input, copy) = {
            let c = checker.borrow();
            (c.fields[index].input.clone(), c.fields[index].copy.clone())
        };
        let state = checker.clone();
        on(&input, "input", move |_| {
            let mut c = state.borrow_mut();
            if c.fields[index].composed_from.is_some() {
                // Typing makes it the reader's own; clearing it hands it back.
                c.fields[index].edited = !c.fields[index].input.value().is_empty();
            }
            c.update();
        })?;
        let state = checker.clone();
        on(&copy, "click", move |_| state.borrow().copy(index))?;
    }
    let state = checker.clone();
    if let Some(window) = web_sys::window() {
        on(&window, "pagehide", move |_| state.borrow_mut().clear())?;
    }
    checker.borrow_mut().update();
    Ok(())
}

impl Checker {
    /// Composes what is composed, checks every field, and shows verdicts.
    fn update(&mut self) {
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
                .map(|f| f.input.value())
                .unwrap_or_default();
            let composed = quire_rules::compose_scope(&source).unwrap_or_default();
            if self.fields[i].input.value() != composed {
                self.fields[i].input.set_value(&composed);
            }
        }
        let values: Vec<String> = self.fields.iter().map(|f| f.input.value()).collect();
        let inputs: Vec<Input<'_>> = self
            .fields
            .iter()
            .zip(&values)
            .map(|(f, v)| Input {
                id: &f.id,
                rule: f.rule,
                value: v,
            })
            .collect();
        let reports = quire_rules::check(&inputs);
        for (field, report) in self.fields.iter().zip(&reports) {
            let state = report.state();
            let message = match state {
                State::Empty if field.composed_from.is_some() => {
                    "Filled in for you from the Web API URL.".to_owned()
                }
                State::Empty => "Not checked yet: paste the value above.".to_owned(),
                _ => report.message(),
            };
            let _ = field.status.set_attribute("data-state", state.as_str());
            field.status.set_text_content(Some(&message));
            let _ = field.input.set_attribute(
                "aria-invalid",
                if state == State::Error {
                    "true"
                } else {
                    "false"
                },
            );
            field.copy.set_text_content(Some("Copy"));
        }
    }

    /// Copies the field's normalised value: what the reader should paste.
    fn copy(&self, index: usize) {
        let field = &self.fields[index];
        let button = &field.copy;
        let report = quire_rules::check(&[Input {
            id: &field.id,
            rule: field.rule,
            value: &field.input.value(),
        }])
        .remove(0);
        let value = if report.normalized.is_empty() {
            field.input.value()
        } else {
            report.normalized
        };
        if value.is_empty() {
            button.set_text_content(Some("Nothing to copy"));
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let _ = window.navigator().clipboard().write_text(&value);
        button.set_text_content(Some("Copied"));
    }

    /// Forgets every value: the page is being left.
    fn clear(&mut self) {
        for field in &mut self.fields {
            field.input.set_value("");
            field.edited = false;
            if field.secret {
                field.input.set_type("password");
            }
        }
        self.update();
    }
}

fn button(document: &Document, text: &str, label: &str) -> Result<HtmlElement, JsValue> {
    let button: HtmlElement = document.create_element("button")?.dyn_into()?;
    button.set_attribute("type", "button")?;
    button.set_attribute("aria-label", label)?;
    button.set_text_content(Some(text));
    Ok(button)
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
