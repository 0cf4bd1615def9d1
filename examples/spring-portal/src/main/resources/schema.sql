create table if not exists licence_application (
    tracking_id    varchar(20)   primary key,
    submission     uuid          not null unique,
    subject        varchar(255)  not null,
    national_code  varchar(10)   not null,
    applicant_name varchar(200)  not null,
    status         varchar(20)   not null,
    step           varchar(64),
    survey_ticket  varchar(4000),
    created_at     timestamp     not null,
    updated_at     timestamp     not null,
    version        int           not null
);
create table if not exists licence_timeline (
    event_id     uuid          primary key,
    tracking_id  varchar(20)   not null references licence_application (tracking_id),
    seq          int           not null,
    type         varchar(20)   not null,
    step         varchar(64),
    at           timestamp     not null,
    published    boolean       not null,
    notice_title varchar(200),
    notice_body  varchar(1000),
    document_url varchar(500),
    unique (tracking_id, seq)
);
