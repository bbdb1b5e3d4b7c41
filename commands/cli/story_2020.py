"""The demo's second chapter: the law as it changed (Permensos 16/2012, Law 14/2019 with
Permensos 17/2020)."""

from __future__ import annotations

from commands.cli.demo import ADMIN, BANDUNG, CHAPTER, LSP, WEB, Story
from ledger.wording import said


def tell_the_law_as_it_changed(s: Story, siti: str) -> str:
    """2012's 160 hours refuse an applicant with 100; Siti's 2011 certificate expires; under
    Law 14/2019 she is certified generalis, registered (STR) and permitted (SIPPS) by Kota
    Bandung; another worker's STR is revoked and his SIPPS falls with it. Returns that SIPPS."""
    from commands import certificates, exams, members, practice, records, setup

    s.on("2013-02-01")
    wahyu = s.tell(
        said("{name} registers through the Jawa Barat chapter", name="Wahyu Nugroho"),
        members.register_member,
        CHAPTER,
        members.RegisterMember(
            name="Wahyu Nugroho",
            nik="3273021708840001",
            birth_date="1984-08-17",
            province="32",
            email="wahyu.nugroho@example.org",
            registered_on="2013-02-01",
        ),
    )["registration_no"]
    for step, handler, cmd in [
        (
            said("{reg}: {level} in {major}", reg=wahyu, level="S1", major="pekerjaan-sosial"),
            records.add_education,
            records.AddEducation(
                registration_no=wahyu,
                level="S1",
                major="pekerjaan-sosial",
                institution="Universitas Padjadjaran",
                graduated_on="2007-09-01",
            ),
        ),
        (
            said(
                "{reg}: practice at {employer}",
                reg=wahyu,
                employer="Panti Sosial Tresna Werdha Budi Pertiwi",
            ),
            records.add_experience,
            records.AddExperience(
                registration_no=wahyu,
                employer="Panti Sosial Tresna Werdha Budi Pertiwi",
                role="pekerja sosial",
                started_on="2008-01-02",
            ),
        ),
        (
            said("{reg}: {hours} hours of training", reg=wahyu, hours="100"),
            records.log_training,
            records.LogTraining(
                registration_no=wahyu,
                course="Pelayanan lanjut usia",
                provider="Balai Besar Diklat Kesos",
                hours="100",
                completed_on="2012-11-30",
            ),
        ),
    ]:
        s.tell(step, handler, CHAPTER, cmd)
    s.on("2014-02-10").tell(
        said("{reg}: exam in {field} passed", reg=wahyu, field="lansia"),
        exams.record_exam,
        LSP,
        exams.RecordExam(
            registration_no=wahyu,
            field="lansia",
            result="passed",
            held_on="2014-02-10",
            assessors=("Agus Setiawan",),
        ),
    )
    s.on("2014-03-03").tell(
        said(
            "{reg}: certification in {field} under Permensos 16/2012 ({hours} hours)",
            reg=wahyu,
            field="lansia",
            hours="100",
        ),
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=wahyu, field="lansia"),
    )
    s.on("2016-10-03")
    record = s.ledger.member(siti).record
    s.note(
        said(
            "{reg}: {certificate} is {certificate_status}, {licence} {licence_status} "
            "(five years on)",
            reg=siti,
            certificate="CERT-2011-00002",
            certificate_status=record.certificates["CERT-2011-00002"].status(s.day),
            licence="LIC-2011-00001",
            licence_status=record.licences["LIC-2011-00001"].status(s.day),
        )
    )
    s.on("2020-12-01").tell(
        said(
            "Law 14/2019 in force: enrol {name} as {role} of {place}",
            name=BANDUNG,
            role="regional-government",
            place="Kota Bandung",
        ),
        setup.add_actor,
        ADMIN,
        setup.AddActor(name=BANDUNG, role="regional-government", regency="3273"),
    )
    workers = [
        (siti, "anak", "96", "Panti Sosial Asuhan Anak Bandung"),
        (wahyu, "lansia", "60", "Panti Sosial Tresna Werdha Budi Pertiwi"),
    ]
    s.on("2021-01-20")
    for reg, _, hours, _ in workers:
        s.tell(
            said("{reg}: {hours} more hours of training", reg=reg, hours=hours),
            records.log_training,
            ADMIN,
            records.LogTraining(
                registration_no=reg,
                course="Pelatihan sertifikasi pekerja sosial generalis",
                provider="LSP Pekerjaan Sosial",
                hours=hours,
                completed_on="2021-01-15",
            ),
        )
    s.on("2021-02-15")
    for reg, field, _, _ in workers:
        s.tell(
            said(
                "{reg}: exam in {field} at the {level} level passed",
                reg=reg,
                field=field,
                level="generalis",
            ),
            exams.record_exam,
            LSP,
            exams.RecordExam(
                registration_no=reg,
                field=field,
                result="passed",
                held_on="2021-02-15",
                assessors=("Agus Setiawan",),
                level="generalis",
            ),
        )
    s.on("2021-03-01")
    certified = {
        reg: s.tell(
            said(
                "{reg}: certified {level} in {field} under Law 14/2019",
                reg=reg,
                level="generalis",
                field=field,
            ),
            certificates.certify,
            LSP,
            certificates.Certify(registration_no=reg, field=field, level="generalis"),
        )["certificate_no"]
        for reg, field, _, _ in workers
    }
    s.on("2021-03-15")
    registered = {
        reg: s.tell(
            said(
                "{reg}: IPSPI issues the STR on {certificate}", reg=reg, certificate=certified[reg]
            ),
            practice.issue_str,
            ADMIN,
            practice.IssueStr(
                registration_no=reg,
                certificate_no=certified[reg],
                health_statement="SKS/RSUD Kota Bandung/2021",
                oath_on="2021-03-10",
                ethics_pledge="Pakta kode etik IPSPI",
            ),
        )["str_no"]
        for reg, _, _, _ in workers
    }
    s.on("2021-04-01")
    permits = {
        reg: (
            registered[reg],
            s.tell(
                said("{reg}: Kota Bandung grants the SIPPS for {place}", reg=reg, place=place),
                practice.grant_sipps,
                BANDUNG,
                practice.GrantSipps(
                    registration_no=reg,
                    str_no=registered[reg],
                    regency="3273",
                    place=place,
                    practice=("direct",),
                ),
            )["sipps_no"],
        )
        for reg, _, _, place in workers
    }
    registration, permit = permits[wahyu]
    s.on("2022-06-01").tell(
        said(
            "{str_no}: IPSPI revokes the STR (a forged health statement); the SIPPS falls",
            str_no=registration,
        ),
        practice.revoke_str,
        ADMIN,
        practice.RevokeStr(str_no=registration, reason="surat keterangan sehat palsu"),
    )
    tell_the_web_register(s)
    return str(permit)


def tell_the_web_register(s: Story) -> None:
    """IPSPI opens the membership form of its web register (``peksos serve``); one
    application waits for the Jawa Barat chapter to decide."""
    from commands import membership, setup

    s.on("2022-07-01").tell(
        said("IPSPI opens the web register's membership form: enrol {name} as web", name=WEB),
        setup.add_actor,
        ADMIN,
        setup.AddActor(name=WEB, role="web"),
    )
    s.on("2022-07-04").tell(
        said("{name} applies for membership on the web register", name="Putri Maharani"),
        membership.apply_for_membership,
        WEB,
        membership.ApplyForMembership(
            name="Putri Maharani",
            nik="3273016204970002",
            birth_date="1997-04-22",
            province="32",
            email="putri.maharani@example.org",
            education_level="S1",
            major="kesejahteraan-sosial",
            institution="Universitas Padjadjaran",
            graduated_on="2019-08-30",
        ),
    )
