package org.panjereh.examples.spring;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applications and their timelines in the portal's database ({@code schema.sql}). A timeline entry is written in
 * the same transaction as the move it records and marked published once its event is in Panjereh's outbox, so a
 * crash between the two loses nothing: {@link Timeline} publishes what is left.
 */
@Repository
public class Applications {

    /** A timeline entry: one service event, and the message-box notice that goes with it, if any. */
    public record Entry(UUID eventId, String trackingId, int seq, String type, String step, Instant at, String noticeTitle,
                        String noticeBody, String documentUrl) {
    }

    private static final RowMapper<LicenceApplication> APPLICATION = (rs, i) -> new LicenceApplication(
            rs.getString("tracking_id"), rs.getObject("submission", UUID.class), rs.getString("subject"),
            rs.getString("national_code"), rs.getString("applicant_name"), rs.getString("status"), rs.getString("step"),
            rs.getString("survey_ticket"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
            rs.getInt("version"));
    private static final RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getObject("event_id", UUID.class),
            rs.getString("tracking_id"), rs.getInt("seq"), rs.getString("type"), rs.getString("step"),
            rs.getTimestamp("at").toInstant(), rs.getString("notice_title"), rs.getString("notice_body"),
            rs.getString("document_url"));

    private final JdbcClient db;

    /** @param db the portal's database */
    public Applications(JdbcClient db) {
        this.db = db;
    }

    /**
     * Stores a new application with its {@code started} entry.
     *
     * @param a       the application
     * @param started its first entry
     * @return false when the submission was stored before (a repeated form)
     */
    @Transactional
    public boolean create(LicenceApplication a, Entry started) {
        if (bySubmission(a.submission()).isPresent()) {
            return false;
        }
        db.sql("insert into licence_application (tracking_id, submission, subject, national_code, applicant_name, status, step,"
                        + " survey_ticket, created_at, updated_at, version) values (?,?,?,?,?,?,?,?,?,?,?)")
                .params(a.trackingId(), a.submission(), a.subject(), a.nationalCode(), a.applicantName(), a.status(), a.step(),
                        a.surveyTicket(), Timestamp.from(a.createdAt()), Timestamp.from(a.updatedAt()), a.version())
                .update();
        insert(started);
        return true;
    }

    /**
     * Moves an application if nobody moved it since {@code seen}, with the entry recording the move.
     *
     * @param seen  the application as the staff member saw it
     * @param moved the application after the move
     * @param entry the entry
     * @return false when someone moved it meanwhile
     */
    @Transactional
    public boolean move(LicenceApplication seen, LicenceApplication moved, Entry entry) {
        int n = db.sql("update licence_application set status = ?, step = ?, survey_ticket = ?, updated_at = ?, version = ?"
                        + " where tracking_id = ? and version = ?")
                .params(moved.status(), moved.step(), moved.surveyTicket(), Timestamp.from(moved.updatedAt()), seen.version() + 1,
                        seen.trackingId(), seen.version())
                .update();
        if (n == 0) {
            return false;
        }
        insert(entry);
        return true;
    }

    private void insert(Entry e) {
        db.sql("insert into licence_timeline (event_id, tracking_id, seq, type, step, at, published, notice_title, notice_body,"
                        + " document_url) values (?,?,?,?,?,?,false,?,?,?)")
                .params(e.eventId(), e.trackingId(), e.seq(), e.type(), e.step(), Timestamp.from(e.at()), e.noticeTitle(),
                        e.noticeBody(), e.documentUrl())
                .update();
    }

    /** @param trackingId a tracking id @return the application */
    public Optional<LicenceApplication> find(String trackingId) {
        return db.sql("select * from licence_application where tracking_id = ?").param(trackingId).query(APPLICATION).optional();
    }

    /** @param submission a form key @return the application made by it */
    public Optional<LicenceApplication> bySubmission(UUID submission) {
        return db.sql("select * from licence_application where submission = ?").param(submission).query(APPLICATION).optional();
    }

    /** @param subject an applicant @return their applications, newest first */
    public List<LicenceApplication> of(String subject) {
        return db.sql("select * from licence_application where subject = ? order by created_at desc").param(subject)
                .query(APPLICATION).list();
    }

    /** @return applications staff still have to finish, oldest first */
    public List<LicenceApplication> open() {
        return db.sql("select * from licence_application where status <> 'DELIVERED' order by created_at").query(APPLICATION).list();
    }

    /** @param trackingId a tracking id @return how many entries its timeline has */
    public int timelineSize(String trackingId) {
        return db.sql("select count(*) from licence_timeline where tracking_id = ?").param(trackingId).query(Integer.class).single();
    }

    /** @param trackingId a tracking id @return its entries not yet in the outbox, in order */
    public List<Entry> unpublished(String trackingId) {
        return db.sql("select * from licence_timeline where tracking_id = ? and published = false order by seq")
                .param(trackingId).query(ENTRY).list();
    }

    /** @return requests with entries not yet in the outbox */
    public List<String> withUnpublished() {
        return db.sql("select distinct tracking_id from licence_timeline where published = false").query(String.class).list();
    }

    /** @param eventId an entry now in the outbox */
    public void published(UUID eventId) {
        db.sql("update licence_timeline set published = true where event_id = ?").param(eventId).update();
    }
}
