"""The demo's first chapter: IPSPI's first registrations (2010), the LSP's first certificates,
the Ministry's first licences, and a revocation that takes a licence with it."""

from __future__ import annotations

from commands.cli.demo import ADMIN, AUDITOR, CHAPTER, LSP, MINISTRY, Story
from ledger.wording import said


def tell_the_story(s: Story) -> str:
    """IPSPI's first registrations (2010), the LSP's first certificates, the first licences."""
    from commands import certificates, exams, licences, members, records, setup

    s.on("2010-02-20").tell(
        said("IPSPI national office opens the ledger; {admin} is its admin", admin=ADMIN),
        setup.init_ledger,
        setup.InitLedger(admin=ADMIN),
    )
    for name, role, province in [
        (CHAPTER, "chapter-admin", "32"),
        (LSP, "lsp", None),
        (MINISTRY, "ministry", None),
        (AUDITOR, "auditor", None),
    ]:
        enrol = (
            said(
                "enrol {name} as {role} of province {province}",
                name=name,
                role=role,
                province=province,
            )
            if province
            else said("enrol {name} as {role}", name=name, role=role)
        )
        s.tell(
            enrol,
            setup.add_actor,
            ADMIN,
            setup.AddActor(name=name, role=role, province=province),
        )

    s.on("2010-03-01")
    people = {}
    for actor, name, nik, born, province in [
        (CHAPTER, "Siti Aminah", "3273014501800002", "1980-01-05", "32"),
        (ADMIN, "Ma'ruf Hidayat", "3174021203780001", "1978-03-12", "31"),
        (CHAPTER, "Sukarti", "3204104708650003", "1965-08-07", "32"),
    ]:
        registers = (
            said("{name} registers through the Jawa Barat chapter", name=name)
            if actor == CHAPTER
            else said("{name} registers directly, nationally", name=name)
        )
        email = name.lower().replace("'", "").replace(" ", ".") + "@example.org"
        cmd = members.RegisterMember(
            name=name,
            nik=nik,
            birth_date=born,
            province=province,
            email=email,
            registered_on=str(s.day),
        )
        people[name] = s.tell(registers, members.register_member, actor, cmd)["registration_no"]
    siti, maruf, sukarti = people.values()
    for n, reg in enumerate(people.values(), start=1):  # one receipt number each
        s.tell(
            said("{reg} pays {year} dues", reg=reg, year=2010),
            records.pay_dues,
            ADMIN,
            records.PayDues(
                registration_no=reg, year=2010, amount=100000, receipt=f"KW-2010-{n:03d}"
            ),
        )

    s.on("2010-03-15")
    for reg, level, major, school, graduated in [
        (siti, "S1", "kesejahteraan-sosial", "STKS Bandung", "2004-08-30"),
        (maruf, "S1", "pekerjaan-sosial", "Universitas Indonesia", "2002-09-01"),
        (sukarti, "SMA", "IPS", "SMA Negeri 1 Garut", "1984-06-01"),
    ]:
        s.tell(
            said("{reg}: {level} in {major}", reg=reg, level=level, major=major),
            records.add_education,
            ADMIN,
            records.AddEducation(
                registration_no=reg,
                level=level,
                major=major,
                institution=school,
                graduated_on=graduated,
            ),
        )
    for reg, employer, started, ended in [
        (siti, "Panti Sosial Asuhan Anak Bandung", "2005-01-03", None),
        (maruf, "Balai Pemasyarakatan Jakarta Pusat", "2003-01-06", "2009-12-31"),
        (sukarti, "TKSK Kecamatan Garut Kota (volunteer)", "1998-01-01", None),
    ]:
        s.tell(
            said("{reg}: practice at {employer}", reg=reg, employer=employer),
            records.add_experience,
            ADMIN,
            records.AddExperience(
                registration_no=reg,
                employer=employer,
                role="pekerja sosial",
                started_on=started,
                ended_on=ended,
            ),
        )
    for reg, hours in [(siti, "64"), (maruf, "72.5"), (sukarti, "240")]:
        s.tell(
            said("{reg}: {hours} hours of training", reg=reg, hours=hours),
            records.log_training,
            ADMIN,
            records.LogTraining(
                registration_no=reg,
                course="Pelatihan pekerjaan sosial",
                provider="Balai Besar Diklat Kesos",
                hours=hours,
                completed_on="2009-11-30",
            ),
        )

    s.on("2011-04-12")
    for reg, field, result in [
        (siti, "anak", "failed"),
        (maruf, "koreksional", "passed"),
        (sukarti, "komunitas", "passed"),
    ]:
        exam = (
            said("{reg}: exam in {field} passed", reg=reg, field=field)
            if result == "passed"
            else said("{reg}: exam in {field} failed", reg=reg, field=field)
        )
        s.tell(
            exam,
            exams.record_exam,
            LSP,
            exams.RecordExam(
                registration_no=reg,
                field=field,
                result=result,
                held_on=str(s.day),
                assessors=("Agus Setiawan", "Rina Wulandari"),
            ),
        )
    s.on("2011-05-02")
    s.tell(
        said("{reg}: certification in {field} (her exam was failed)", reg=siti, field="anak"),
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=siti, field="anak"),
    )
    s.tell(
        said(
            "{reg}: certification in {field} (a volunteer without the degree)",
            reg=sukarti,
            field="komunitas",
        ),
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=sukarti, field="komunitas"),
    )
    maruf_cert = s.tell(
        said("{reg}: certified in {field}", reg=maruf, field="koreksional"),
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=maruf, field="koreksional"),
    )
    s.on("2011-09-20").tell(
        said("{reg}: exam in {field} passed", reg=siti, field="anak"),
        exams.record_exam,
        LSP,
        exams.RecordExam(
            registration_no=siti,
            field="anak",
            result="passed",
            held_on="2011-09-20",
            assessors=("Agus Setiawan",),
        ),
    )
    siti_cert = s.on("2011-10-03").tell(
        said("{reg}: certified in {field}", reg=siti, field="anak"),
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=siti, field="anak"),
    )

    s.on("2011-11-01")
    applications = [
        s.tell(
            said("{reg}: the LSP forwards a licence application", reg=reg),
            licences.apply_for_licence,
            LSP,
            licences.ApplyForLicence(
                registration_no=reg, certificate_no=cert["certificate_no"], practice=kinds
            ),
        )["application_no"]
        for reg, cert, kinds in [
            (siti, siti_cert, ("direct", "institution")),
            (maruf, maruf_cert, ("institution",)),
        ]
    ]
    s.on("2011-12-15")
    for application in applications:
        s.tell(
            said("{application}: the Ministry grants the licence", application=application),
            licences.grant_licence,
            MINISTRY,
            licences.GrantLicence(application_no=application),
        )

    s.on("2012-01-10").tell(
        said("{reg} pays {year} dues", reg=siti, year=2012),
        records.pay_dues,
        CHAPTER,
        records.PayDues(registration_no=siti, year=2012, amount=120000, receipt="KW-2012-0007"),
    )
    s.on("2012-02-10").tell(
        said(
            "{reg}: certificate revoked after an ethics ruling; the licence falls with it",
            reg=maruf,
        ),
        certificates.revoke_certificate,
        LSP,
        certificates.RevokeCertificate(
            certificate_no=maruf_cert["certificate_no"], reason="ethics council ruling 02/KE/2012"
        ),
    )
    return str(siti)
