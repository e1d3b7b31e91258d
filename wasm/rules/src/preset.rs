//! Presets: the named sets of fields a `checker` block can ask for.

/// What a field's value is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A Dynamics 365 environment's Web API URL.
    WebApiUrl,
    /// A Microsoft Entra v2 token endpoint.
    TokenUrl,
    /// The app's `/.default` scope for the environment.
    Scopes,
    /// An application (client) ID.
    ClientId,
    /// A client secret's Value.
    ClientSecret,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 5] = [
        Rule::WebApiUrl,
        Rule::TokenUrl,
        Rule::Scopes,
        Rule::ClientId,
        Rule::ClientSecret,
    ];

    /// The name a `checker` block uses for this rule.
    pub fn name(self) -> &'static str {
        match self {
            Rule::WebApiUrl => "web_api_url",
            Rule::TokenUrl => "token_url",
            Rule::Scopes => "scopes",
            Rule::ClientId => "client_id",
            Rule::ClientSecret => "client_secret",
        }
    }

    /// The rule named `name`, as in a checker block.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// One value the reader collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Stable identifier, used in the page as `data-field`.
    pub id: &'static str,
    /// What the product's form calls it.
    pub label: &'static str,
    /// The rule its values are checked with.
    pub rule: Rule,
    /// Where in the portals the reader finds it.
    pub where_to_find: &'static str,
    /// Masked in the checker and never echoed back into the page.
    pub secret: bool,
    /// Filled from another field as the reader types, until they edit it.
    pub composed_from: Option<&'static str>,
    /// A short example of the shape of a good value.
    pub placeholder: &'static str,
}

/// A named set of fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The name a checker block uses: `dynamics-365`.
    pub name: &'static str,
    /// The app's name for readers.
    pub title: &'static str,
    /// Its fields, in table order.
    pub fields: &'static [FieldSpec],
}

impl Preset {
    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.id == id)
    }
}

/// Microsoft Dynamics 365 (Dataverse Web API).
pub const DYNAMICS_365: Preset = Preset {
    name: "dynamics-365",
    title: "Microsoft Dynamics 365 (OAuth 2.0 client credentials)",
    fields: &[
        FieldSpec {
            id: "web_api_url",
            label: "Web API URL",
            rule: Rule::WebApiUrl,
            where_to_find: "Your Dynamics 365 environment URL: Power Platform admin center > Environments > your environment > Environment URL",
            secret: false,
            composed_from: None,
            placeholder: "https://yourorg.crm.dynamics.com/",
        },
        FieldSpec {
            id: "token_url",
            label: "Token URL",
            rule: Rule::TokenUrl,
            where_to_find: "Azure portal > App registrations > your app > Endpoints > OAuth 2.0 token endpoint (v2)",
            secret: false,
            composed_from: None,
            placeholder: "https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token",
        },
        FieldSpec {
            id: "scopes",
            label: "Scopes",
            rule: Rule::Scopes,
            where_to_find: "The Web API URL followed by /.default",
            secret: false,
            composed_from: Some("web_api_url"),
            placeholder: "https://yourorg.crm.dynamics.com/.default",
        },
        FieldSpec {
            id: "client_id",
            label: "Client ID",
            rule: Rule::ClientId,
            where_to_find: "Azure portal > App registrations > your app > Overview > Application (client) ID",
            secret: false,
            composed_from: None,
            placeholder: "00000000-0000-0000-0000-000000000000",
        },
        FieldSpec {
            id: "client_secret",
            label: "Client Secret Value",
            rule: Rule::ClientSecret,
            where_to_find: "Azure portal > App registrations > your app > Certificates & secrets > Client secrets > Value (shown only once)",
            secret: true,
            composed_from: None,
            placeholder: "abc8Q~…",
        },
    ],
};

/// Every preset.
pub const PRESETS: &[Preset] = &[DYNAMICS_365];

/// The preset named `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}
