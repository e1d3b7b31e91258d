//! Presets: the named sets of fields a `checker` block can ask for.

/// What a field's value is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A Dynamics 365 environment's Web API URL.
    WebApiUrl,
    /// A Microsoft Entra v2 token endpoint.
    TokenUrl,
    /// The app's `/.default` scope for the Dynamics 365 environment.
    Scopes,
    /// An application (client) ID.
    ClientId,
    /// A client secret's Value.
    ClientSecret,
    /// Business Central's API address, with tenant and environment.
    BusinessCentralUrl,
    /// A Business Central company's id.
    BusinessCentralCompany,
    /// The `/.default` scope of Business Central's API.
    BusinessCentralScope,
    /// A Microsoft Graph endpoint.
    GraphUrl,
    /// The `/.default` scope of Microsoft Graph.
    GraphScope,
    /// A Salesforce My Domain's token endpoint.
    SalesforceTokenUrl,
    /// A field kind of a site's own preset (see [`crate::kind`]).
    Custom,
}

impl Rule {
    /// Every rule a `checker` block may name.
    pub const ALL: [Rule; 11] = [
        Rule::WebApiUrl,
        Rule::TokenUrl,
        Rule::Scopes,
        Rule::ClientId,
        Rule::ClientSecret,
        Rule::BusinessCentralUrl,
        Rule::BusinessCentralCompany,
        Rule::BusinessCentralScope,
        Rule::GraphUrl,
        Rule::GraphScope,
        Rule::SalesforceTokenUrl,
    ];

    /// The name a `checker` block uses for this rule.
    pub fn name(self) -> &'static str {
        match self {
            Rule::WebApiUrl => "web_api_url",
            Rule::TokenUrl => "token_url",
            Rule::Scopes => "scopes",
            Rule::ClientId => "client_id",
            Rule::ClientSecret => "client_secret",
            Rule::BusinessCentralUrl => "business_central_url",
            Rule::BusinessCentralCompany => "business_central_company",
            Rule::BusinessCentralScope => "business_central_scope",
            Rule::GraphUrl => "graph_url",
            Rule::GraphScope => "graph_scope",
            Rule::SalesforceTokenUrl => "salesforce_token_url",
            Rule::Custom => "custom",
        }
    }

    /// The rule named `name`, as in a checker block.
    pub fn from_name(name: &str) -> Option<Rule> {
        if name == "custom" {
            return Some(Rule::Custom);
        }
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The part of the widget that checks this rule: the page loads the
    /// smallest build that has every part it needs. `None`: every build.
    pub fn part(self) -> Option<Part> {
        match self {
            Rule::WebApiUrl | Rule::Scopes => Some(Part::Dynamics),
            Rule::BusinessCentralUrl
            | Rule::BusinessCentralCompany
            | Rule::BusinessCentralScope => Some(Part::BusinessCentral),
            Rule::GraphUrl | Rule::GraphScope => Some(Part::Graph),
            Rule::SalesforceTokenUrl | Rule::Custom => Some(Part::Kinds),
            Rule::ClientId | Rule::ClientSecret => Some(Part::Entra),
            Rule::TokenUrl => None,
        }
    }
}

/// The parts the widget is built from: each a cargo feature of this crate.
/// The Microsoft Entra rules (Token URL, Client ID, secret) are in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Dynamics 365: the Web API URL and its scope.
    Dynamics,
    /// Business Central: the API address, company and scope.
    BusinessCentral,
    /// Microsoft Graph: the endpoint and its scope.
    Graph,
    /// Site presets' field kinds, and Salesforce.
    Kinds,
    /// The Client ID and secret rules: in each build of an Entra preset
    /// (Dynamics 365, Business Central, Graph), not a build of its own.
    Entra,
}

impl Part {
    /// Every part with a build of its own.
    pub const ALL: [Part; 4] = [
        Part::Dynamics,
        Part::BusinessCentral,
        Part::Graph,
        Part::Kinds,
    ];

    /// The cargo feature, and the widget build's name.
    pub fn name(self) -> &'static str {
        match self {
            Part::Dynamics => "dynamics",
            Part::BusinessCentral => "business-central",
            Part::Graph => "graph",
            Part::Kinds => "kinds",
            Part::Entra => "entra",
        }
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
        TOKEN_URL,
        FieldSpec {
            id: "scopes",
            label: "Scopes",
            rule: Rule::Scopes,
            where_to_find: "The Web API URL followed by /.default",
            secret: false,
            composed_from: Some("web_api_url"),
            placeholder: "https://yourorg.crm.dynamics.com/.default",
        },
        CLIENT_ID,
        CLIENT_SECRET,
    ],
};

const TOKEN_URL: FieldSpec = FieldSpec {
    id: "token_url",
    label: "Token URL",
    rule: Rule::TokenUrl,
    where_to_find: "Azure portal > App registrations > your app > Endpoints > OAuth 2.0 token endpoint (v2)",
    secret: false,
    composed_from: None,
    placeholder: "https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token",
};

const CLIENT_ID: FieldSpec = FieldSpec {
    id: "client_id",
    label: "Client ID",
    rule: Rule::ClientId,
    where_to_find: "Azure portal > App registrations > your app > Overview > Application (client) ID",
    secret: false,
    composed_from: None,
    placeholder: "00000000-0000-0000-0000-000000000000",
};

const CLIENT_SECRET: FieldSpec = FieldSpec {
    id: "client_secret",
    label: "Client Secret Value",
    rule: Rule::ClientSecret,
    where_to_find: "Azure portal > App registrations > your app > Certificates & secrets > Client secrets > Value (shown only once)",
    secret: true,
    composed_from: None,
    placeholder: "abc8Q~…",
};

/// Dynamics 365 Business Central's API.
pub const BUSINESS_CENTRAL: Preset = Preset {
    name: "business-central",
    title: "Dynamics 365 Business Central (OAuth 2.0 client credentials)",
    fields: &[
        FieldSpec {
            id: "api_url",
            label: "API URL",
            rule: Rule::BusinessCentralUrl,
            where_to_find: "https://api.businesscentral.dynamics.com/v2.0/ + your tenant ID + / + the environment's name from the Business Central admin center > Environments + /api/v2.0",
            secret: false,
            composed_from: None,
            placeholder: "https://api.businesscentral.dynamics.com/v2.0/{tenant-id}/Production/api/v2.0",
        },
        FieldSpec {
            id: "company_id",
            label: "Company ID",
            rule: Rule::BusinessCentralCompany,
            where_to_find: "GET the API URL + /companies, and copy the id of your company",
            secret: false,
            composed_from: None,
            placeholder: "00000000-0000-0000-0000-000000000000",
        },
        TOKEN_URL,
        FieldSpec {
            id: "scopes",
            label: "Scopes",
            rule: Rule::BusinessCentralScope,
            where_to_find: "Always https://api.businesscentral.dynamics.com/.default",
            secret: false,
            composed_from: Some("api_url"),
            placeholder: "https://api.businesscentral.dynamics.com/.default",
        },
        CLIENT_ID,
        CLIENT_SECRET,
    ],
};

/// Microsoft Graph, with application permissions.
pub const MICROSOFT_GRAPH: Preset = Preset {
    name: "microsoft-graph",
    title: "Microsoft Graph (OAuth 2.0 client credentials)",
    fields: &[
        FieldSpec {
            id: "graph_url",
            label: "Graph endpoint",
            rule: Rule::GraphUrl,
            where_to_find: "https://graph.microsoft.com/v1.0 (graph.microsoft.us or dod-graph.microsoft.us for US Government, microsoftgraph.chinacloudapi.cn for China)",
            secret: false,
            composed_from: None,
            placeholder: "https://graph.microsoft.com/v1.0",
        },
        TOKEN_URL,
        FieldSpec {
            id: "scopes",
            label: "Scopes",
            rule: Rule::GraphScope,
            where_to_find: "The Graph endpoint's address followed by /.default",
            secret: false,
            composed_from: Some("graph_url"),
            placeholder: "https://graph.microsoft.com/.default",
        },
        CLIENT_ID,
        CLIENT_SECRET,
    ],
};

/// Every preset built in as Rust. (Salesforce and a site's own presets
/// are YAML, made of [`crate::kind`]s; the generator reads them.)
pub const PRESETS: &[Preset] = &[DYNAMICS_365, BUSINESS_CENTRAL, MICROSOFT_GRAPH];

/// The preset named `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}
