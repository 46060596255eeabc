import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.core.validators import build_credit_code
from zhifa.registry.models import Organisation

HEADER = "名称,类型,统一社会信用代码,法定代表人,成立登记日期,住所\n"


def code(n, head="51429005"):
    return build_credit_code(head, f"JM{n:06d}")


def upload(api, content: bytes, name="orgs.csv", **extra):
    return api.post("/api/organisations/import/", {"file": SimpleUploadedFile(name, content), **extra},
                    format="multipart")


def test_good_csv_imports_every_row(officer_api):
    rows = "".join(f"潜江市协会{i},社会团体,{code(i)},王某,2015-01-0{i + 1},潜江市\n" for i in range(3))
    response = upload(officer_api, (HEADER + rows).encode())
    assert response.status_code == 201, response.json()
    assert response.data["imported"] == 3 and Organisation.objects.count() == 3


def test_legacy_check_failure_is_a_warning(officer_api):
    good = code(1)
    legacy = good[:17] + ("A" if good[17] != "A" else "B")
    csv = HEADER + f"潜江市老协会,社会团体,{legacy},王某,1999/5/1,潜江市\n"
    response = upload(officer_api, csv.encode())
    assert response.status_code == 201
    assert "校验位错误" in response.data["warnings"]["2"]["credit_code"]
    assert Organisation.objects.get().credit_code_warning


def test_bad_rows_import_nothing_and_are_all_reported(officer_api):
    csv = HEADER + "".join([
        f"好协会,社会团体,{code(1)},王某,2015-01-01,潜江市\n",
        f"坏类型,公司,{code(2)},王某,2015-01-01,潜江市\n",
        f"坏日期,社会团体,{code(3)},王某,2015-02-30,潜江市\n",
        f"重复,社会团体,{code(1)},王某,2015-01-01,潜江市\n",
        "缺代码,社会团体,,王某,2015-01-01,潜江市\n",
        "坏代码,社会团体,ABC,王某,2015-01-01,潜江市\n",
    ])
    response = upload(officer_api, csv.encode())
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    assert set(body["fields"]["rows"]) == {"3", "4", "5", "6", "7"}
    assert "未知的组织类型" in body["fields"]["rows"]["3"]["type"][0]
    assert "与第 2 行的代码重复" in body["fields"]["rows"]["5"]["credit_code"][0]
    assert Organisation.objects.count() == 0


def test_already_registered_code_is_a_row_error(officer_api, agency):
    upload(officer_api, (HEADER + f"甲,社会团体,{code(1)},王某,2015-01-01,潜江市\n").encode())
    response = upload(officer_api, (HEADER + f"乙,社会团体,{code(1)},王某,2015-01-01,潜江市\n").encode())
    assert response.status_code == 400
    assert response.json()["fields"]["rows"]["2"]["credit_code"] == ["该统一社会信用代码已登记"]


def test_xlsx_and_dry_run(officer_api):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["名称", "类型", "统一社会信用代码", "法定代表人", "成立登记日期"])
    import datetime

    sheet.append(["潜江市慈善基金会", "基金会", code(7, "53429005"), "李某", datetime.datetime(2012, 3, 4)])
    buffer = io.BytesIO()
    book.save(buffer)
    dry = upload(officer_api, buffer.getvalue(), "orgs.xlsx", dry_run="true")
    assert dry.status_code == 200 and dry.data["imported"] == 0 and Organisation.objects.count() == 0
    real = upload(officer_api, buffer.getvalue(), "orgs.xlsx")
    assert real.status_code == 201
    assert Organisation.objects.get().registration_date == datetime.date(2012, 3, 4)


def test_gb18030_csv(officer_api):
    content = (HEADER + f"潜江市协会,社会团体,{code(1)},王某,2015-01-01,潜江市\n").encode("gb18030")
    assert upload(officer_api, content).status_code == 201


def test_unusable_files_are_refused_clearly(officer_api):
    cases = [
        (b"", "orgs.csv", "空文件"),
        (b"MZ\x90\x00binary", "orgs.exe", "只支持"),
        (b"not a zip", "orgs.xlsx", "无法读取"),
        ("名称,类型\n甲,社会团体\n".encode(), "orgs.csv", "缺少必需的列"),
        (HEADER.encode(), "orgs.csv", "没有数据行"),
        (b"\xff\xfe\x00\x00\x81", "orgs.csv", ""),
    ]
    for content, name, fragment in cases:
        response = upload(officer_api, content, name)
        assert response.status_code == 400, (name, response.content)
        assert fragment in response.json()["fields"].get("file", [""])[0] + response.json()["detail"]
    assert Organisation.objects.count() == 0
